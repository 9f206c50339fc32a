// The console's command line: a one-line monaco editor (data-testid console-input).
// Enter runs the line, Up/Down walk the history, Tab or Ctrl+Space complete; while the
// suggestion list is open these keys belong to it.
import { useEffect, useRef } from 'react';
import { history } from './command-history';
import { LANGUAGE, setupMonaco } from './monaco-setup';

export function CommandInput({ onRun, disabled }: { onRun: (line: string) => void; disabled: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const runRef = useRef(onRun);
  runRef.current = onRun;

  useEffect(() => {
    const monaco = setupMonaco();
    const editor = monaco.editor.create(host.current!, {
      value: '',
      language: LANGUAGE,
      ariaLabel: 'Console command. Enter runs it; Tab completes; Up and Down recall earlier commands.',
      lineNumbers: 'off',
      minimap: { enabled: false },
      folding: false,
      glyphMargin: false,
      lineDecorationsWidth: 4,
      lineNumbersMinChars: 0,
      renderLineHighlight: 'none',
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      scrollBeyondLastLine: false,
      scrollbar: { vertical: 'hidden', horizontal: 'auto', alwaysConsumeMouseWheel: false },
      wordWrap: 'off',
      fontSize: 14,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      quickSuggestions: { other: true, comments: false, strings: false },
      suggestOnTriggerCharacters: true,
      wordBasedSuggestions: 'off',
      fixedOverflowWidgets: true,
      automaticLayout: true,
      theme: window.matchMedia('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs',
    });
    const model = editor.getModel()!;
    const set = (text: string) => {
      model.setValue(text);
      editor.setPosition({ lineNumber: 1, column: text.length + 1 });
    };
    editor.addCommand(
      monaco.KeyCode.Enter,
      () => {
        const line = model.getValue().trim();
        history.add(line);
        set('');
        runRef.current(line);
      },
      '!suggestWidgetVisible',
    );
    editor.addCommand(monaco.KeyCode.UpArrow, () => void ((t) => t !== null && set(t))(history.move(-1)), '!suggestWidgetVisible');
    editor.addCommand(monaco.KeyCode.DownArrow, () => void ((t) => t !== null && set(t))(history.move(1)), '!suggestWidgetVisible');
    editor.addCommand(monaco.KeyCode.Tab, () => editor.trigger('console', 'editor.action.triggerSuggest', {}), '!suggestWidgetVisible');
    // One line only: a pasted newline becomes a space.
    const sub = model.onDidChangeContent(() => {
      const v = model.getValue();
      if (/[\r\n]/.test(v)) set(v.replace(/[\r\n]+/g, ' '));
    });
    editor.focus();
    return () => {
      sub.dispose();
      editor.dispose();
    };
  }, []);

  return <div ref={host} className={`console-input${disabled ? ' console-input-busy' : ''}`} data-testid="console-input" />;
}
