export function Signup() {
  return <main className="auth-page" />;
}
