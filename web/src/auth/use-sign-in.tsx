import { useState } from 'react';
import type { ApiResult } from '../../../src/contract/client.ts';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import { type Profile, useSession } from '../session.tsx';
import { Problem } from '../ui/problem.tsx';
import { fieldErrors } from './auth-logic.ts';

// The one flow of sign-up, log-in and accepting an invite: send, show the refusal (field errors
// under their fields), or sign in and go on to `destination`.
export function useSignIn(destination: string) {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(send: () => Promise<ApiResult<{ user: Profile }>>): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await send();
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    await session.signedIn(result.data.user);
    setBusy(false);
    navigate(destination, { replace: true });
  }
  return { busy, error, fields: fieldErrors(error), submit };
}

// The refusal above the submit button: field problems point at their fields, anything else as the API said it.
export function FormProblem({ error, fields }: { error: ApiError | null; fields: Record<string, string> }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Problem
      error={
        error.code === 'validation_failed' && Object.keys(fields).length > 0
          ? { message: error.message, hint: t('auth.fieldsProblem') }
          : error
      }
    />
  );
}
