import { Link } from '@tanstack/react-router';
import { AlertHistory } from '../components/alert-history';
import { buttonClass, Card, PageHeader } from '../components/ui';

export function AlertsPage() {
  return (
    <>
      <PageHeader
        title="Alerts"
        description="One alert per incident, a notice when the endpoint recovers, newest first."
        actions={
          <Link to="/settings/notification-channels" className={buttonClass('secondary')}>
            Notification channels
          </Link>
        }
      />
      <Card title="History">
        <AlertHistory />
      </Card>
    </>
  );
}
