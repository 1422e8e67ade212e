import { Link } from '@tanstack/react-router';
import { buttonClass, EmptyState } from './ui';

export function NotFoundPage() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <EmptyState
        title="Page not found"
        isPageTitle
        action={
          <Link to="/" className={buttonClass('primary')}>
            Go to the dashboard
          </Link>
        }
      >
        This address does not match any page, or what it showed no longer exists.
      </EmptyState>
    </main>
  );
}
