export function AcceptInvite() {
  return <main className="auth-page" />;
}
