import { describe, expect, it } from 'vitest';
import { fillViewerTemplate, jsonForHtml } from './viewer-template';

const TEMPLATE = [
  '<!doctype html><html><head><title>crashlens report</title>',
  // The inlined viewer code may spell the block's tag itself.
  '<script type="module">const t = `<script type="application/json" id="crashlens-report">`;</script>',
  '</head><body><div id="root"></div>',
  '<script type="application/json" id="crashlens-report"></script>',
  '</body></html>',
].join('\n');

describe('single-HTML viewer template', () => {
  it('puts the report in the data block, which no text in it can close', () => {
    const json = JSON.stringify({
      schemaVersion: 1,
      log: [{ text: '</script><!-- <b>&amp; \u2028' }],
    });
    const html = fillViewerTemplate(TEMPLATE, json, 'report <6.1>');
    expect(html).toContain('<title>report &#60;6.1&#62;</title>');
    expect(html).toContain(
      'const t = `<script type="application/json" id="crashlens-report">`;</script>',
    );
    const open = '<script type="application/json" id="crashlens-report">';
    const start = html.lastIndexOf(open) + open.length;
    const block = html.slice(start, html.indexOf('</script>', start));
    expect(block).not.toMatch(/[<>&]/);
    expect(JSON.parse(block)).toEqual(JSON.parse(json));
    expect(JSON.parse(jsonForHtml(json))).toEqual(JSON.parse(json));
  });

  it('replaces the report of a filled page (the viewer exports from itself)', () => {
    const once = fillViewerTemplate(TEMPLATE, '{"schemaVersion":1,"a":1}', 'a');
    const twice = fillViewerTemplate(once, '{"schemaVersion":1,"b":2}', 'b');
    expect(twice).toBe(fillViewerTemplate(TEMPLATE, '{"schemaVersion":1,"b":2}', 'b'));
    expect(() => fillViewerTemplate('<html></html>', '{}', 'x')).toThrow('no report block');
  });
});
