// Monaco, bundled locally (no CDN): the core editor API, the suggest widget, and the
// editor worker through Vite's ?worker import. The console's language "crash" completes
// from the analysis worker (commands, symbols, struct and member names).
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { CompletionItem } from '../../../workers/analysis-api';
import { askWith } from '../../worker/requests';

export const LANGUAGE = 'crash';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

const KINDS: Record<CompletionItem['kind'], monaco.languages.CompletionItemKind> = {
  command: monaco.languages.CompletionItemKind.Function,
  symbol: monaco.languages.CompletionItemKind.Reference,
  type: monaco.languages.CompletionItemKind.Struct,
  member: monaco.languages.CompletionItemKind.Field,
  option: monaco.languages.CompletionItemKind.Keyword,
};

let ready = false;

export function setupMonaco(): typeof monaco {
  if (ready) return monaco;
  ready = true;
  window.MonacoEnvironment = { getWorker: () => new EditorWorker({ name: 'monaco-editor' }) };
  monaco.languages.register({ id: LANGUAGE });
  monaco.languages.setMonarchTokensProvider(LANGUAGE, {
    tokenizer: {
      root: [
        [/^\s*[a-z]+/, 'keyword'],
        [/\b0x[0-9a-fA-F]+\b|\b[0-9a-f]{8,16}\b/, 'number'],
        [/\s-[a-z0-9]+/, 'attribute'],
      ],
    },
  });
  monaco.languages.registerCompletionItemProvider(LANGUAGE, {
    triggerCharacters: ['.', ' ', ','],
    provideCompletionItems: async (model, position) => {
      const line = model.getLineContent(position.lineNumber);
      const result = await askWith(
        (api) => api.complete(line, position.column - 1),
        () => ({ from: position.column - 1, items: [] }),
      );
      const range = new monaco.Range(position.lineNumber, result.from + 1, position.lineNumber, position.column);
      return {
        // The worker filters by prefix and caps the list: ask again as the word grows.
        incomplete: true,
        suggestions: result.items.map((it, i) => ({
          label: it.label,
          kind: KINDS[it.kind],
          detail: it.detail,
          insertText: it.label,
          range,
          sortText: String(i).padStart(4, '0'),
        })),
      };
    },
  });
  return monaco;
}
