// The single-HTML viewer's stand-in for the console view (swapped in at build time): the
// console's editor is large, and the viewer stays one small file.
export default function ConsoleView() {
  return (
    <section className="view" aria-label="Console">
      <p className="placeholder" data-testid="view-placeholder">
        The command console is not part of this single-file viewer. Open the report
        (.crashlens.json) in the crashlens app for the console&apos;s sys, ps, bt and log commands.
      </p>
    </section>
  );
}
