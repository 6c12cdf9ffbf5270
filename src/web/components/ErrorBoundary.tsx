import { Component, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

interface Props {
  /** The view's name, already in the reader's language. */
  label: string;
  children: ReactNode;
}

/** Keeps one broken view from blanking the whole console. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="panel error-panel" role="alert">
        <h2>
          <FormattedMessage id="shell.viewFailed" values={{ view: this.props.label }} />
        </h2>
        <pre>{this.state.error.message}</pre>
        <button type="button" onClick={() => this.setState({ error: null })}>
          <FormattedMessage id="shell.retry" />
        </button>
      </section>
    );
  }
}
