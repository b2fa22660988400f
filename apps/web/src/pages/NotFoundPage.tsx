import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <section className="panel">
      <h1>Not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Back to the snapshots</Link>.
      </p>
    </section>
  );
}
