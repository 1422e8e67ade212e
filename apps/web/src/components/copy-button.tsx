import { useState } from 'react';
import { Button } from './ui';

export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [isCopied, setIsCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setIsCopied(true);
      setTimeout(() => setIsCopied(false), 2000);
    } catch {
      // Clipboard access can be refused (insecure origin, permissions); the value stays selectable.
      setIsCopied(false);
    }
  };
  return (
    <Button size="sm" onClick={() => void copy()} aria-live="polite">
      {isCopied ? 'Copied' : label}
    </Button>
  );
}
