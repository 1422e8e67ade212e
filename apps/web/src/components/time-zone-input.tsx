import { type InputHTMLAttributes, useMemo } from 'react';
import { Input } from './ui';

function listTimeZones(): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...supported.filter((zone) => zone !== 'UTC')];
}

/** A text box with every IANA zone as suggestions: type "berl" and pick Europe/Berlin. */
export function TimeZoneInput(props: InputHTMLAttributes<HTMLInputElement> & { id: string }) {
  const zones = useMemo(listTimeZones, []);
  const listId = `${props.id}-zones`;
  return (
    <>
      <Input {...props} list={listId} autoComplete="off" spellCheck={false} placeholder="Europe/Berlin" />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
