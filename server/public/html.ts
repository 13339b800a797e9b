// The public pages' HTML: small, server-rendered, no script, one inline style sheet, readable
// on a phone. Every piece of text goes through `esc`.
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;background:#f6f6f6}
main{max-width:640px;margin:0 auto;padding:12px 14px 32px;background:#fff;min-height:100vh;box-sizing:border-box}
h1{font-size:20px;margin:8px 0 4px;color:#b00}h2{font-size:17px;margin:20px 0 8px;border-left:4px solid #b00;padding-left:8px}
.muted{color:#666;font-size:14px}.item{border-bottom:1px solid #e4e4e4;padding:10px 0}.item h3{font-size:16px;margin:0 0 4px}
.tag{display:inline-block;font-size:13px;padding:0 6px;border-radius:3px;background:#eee;margin-right:6px}
.done{background:#e3f3e3;color:#1a6b1a}.late{background:#fde8e8;color:#a00}
ul{margin:4px 0;padding-left:20px}fieldset{border:1px solid #ddd;border-radius:6px;margin:12px 0;padding:8px 12px}
legend{font-weight:bold;padding:0 4px}label.choice{display:block;padding:10px 4px;font-size:17px}
input[type=radio]{width:20px;height:20px;vertical-align:middle;margin-right:8px}
textarea{width:100%;box-sizing:border-box;font:inherit;min-height:72px}
button{width:100%;font-size:18px;padding:12px;margin-top:12px;background:#b00;color:#fff;border:0;border-radius:6px}
.box{padding:16px;border-radius:6px;background:#f3f3f3;margin:16px 0}`;

export function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
  );
}

/** A page that only says something: not found, too many requests, already answered. */
export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${esc(title)}</h1><div class="box">${esc(message)}</div>`);
}
