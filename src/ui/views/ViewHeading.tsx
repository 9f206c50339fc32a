// The heading of a main view. It takes focus when the view changes, so keyboard and
// screen-reader users land at the top of the new view.
import { useEffect, useRef, type ReactNode } from 'react';

export function ViewHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement?.closest('nav')) ref.current?.focus();
  }, []);
  return (
    <h2 className="view-heading" tabIndex={-1} ref={ref}>
      {children}
    </h2>
  );
}
