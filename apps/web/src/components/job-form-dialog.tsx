import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { issuesByField, readApiError } from '../lib/errors';
import { queryClient, trpc } from '../lib/trpc';
import { Dialog } from './confirm-dialog';
import { useToast } from './toasts';
import { Button, Field, Input, Textarea } from './ui';

export function NewJobDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const toast = useToast();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation(
    trpc.jobs.create.mutationOptions({
      onSuccess: async (job) => {
        toast.success(`Job “${job.name}” created`);
        await queryClient.invalidateQueries({ queryKey: trpc.jobs.pathKey() });
        setName('');
        setDescription('');
        onClose();
        await navigate({ to: '/jobs/$jobId', params: { jobId: job.id } });
      },
    }),
  );
  const error = create.error ? readApiError(create.error) : null;
  const fieldErrors = issuesByField(error?.issues ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, ...(description.trim() ? { description } : {}) });
  };
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="New job">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <p>A job groups endpoints that belong together; pausing it pauses all of them.</p>
        {error && !error.issues.length ? (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error.message}
          </p>
        ) : null}
        <Field label="Name" errors={fieldErrors.name}>
          {(control) => (
            <Input {...control} required autoFocus value={name} onChange={(event) => setName(event.target.value)} />
          )}
        </Field>
        <Field label="Description (optional)" errors={fieldErrors.description}>
          {(control) => (
            <Textarea
              {...control}
              rows={3}
              className="font-sans"
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isBusy={create.isPending}>
            Create job
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
