export function Login() {
  return <main className="auth-page" />;
}
