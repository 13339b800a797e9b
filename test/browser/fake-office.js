// A small scripted fake of Office.js and the Excel object model, served in place of Microsoft's
// office.js in browser tests and the benches. It keeps the documented rules that matter to the
// pane: writes and loads are queued and run at `context.sync()`; loaded properties can only be
// read after a sync; `*OrNullObject` answers at sync; objects die with their `Excel.run` (using
// one after it throws InvalidObjectPath); a merged area holds its value in its top-left cell and
// its other cells read ""; values written must match the range's size. Every sync and every
// Excel.run is counted, and each sync's request size is estimated.
// Where it guesses (say so in the tests): a request's bytes are estimated as the JSON of what each
// queued operation carries plus ~60 bytes per operation; a cell without fill reads '#FFFFFF'.
// Input: window.__FAKE_WORKBOOK__ = { sheets: [{ name, rows: CellValue[][], merges?: ['A3:A5'] }], language?, apiVersion? }.
// Output: window.__fakeExcel.state() for the test to inspect; .syncs, .runs, .largestRequest.
(function () {
  const config = window.__FAKE_WORKBOOK__ || { sheets: [{ name: 'Sheet1', rows: [] }] };
  const apiVersion = config.apiVersion || '1.18';

  // ---- the workbook model ----
  let nextSheet = 1;
  const sheets = [];
  function newSheet(name) {
    const sheet = { id: `{sheet-${nextSheet++}}`, name, cells: new Map(), fills: new Map(), notes: new Map(), textCells: new Set(), formulas: new Set(), hiddenColumns: new Set(), merges: [], tables: [], validations: [], conditionalFormats: [], formats: [], frozenRows: 0 };
    sheets.push(sheet);
    return sheet;
  }
  for (const s of config.sheets) {
    const sheet = newSheet(s.name);
    s.rows.forEach((row, r) => row.forEach((v, c) => { if (v !== null && v !== undefined && v !== '') sheet.cells.set(`${r},${c}`, v); }));
    sheet.merges = (s.merges || []).map(parseArea);
    for (const m of sheet.merges) cellsOf(m, (_, r, c) => { if (r !== m.top || c !== m.left) sheet.cells.delete(`${r},${c}`); });
  }
  let active = sheets[0];
  let selection = { sheet: active, top: 0, left: 0, bottom: 0, right: 0 };
  const settings = new Map();
  const fake = { syncs: 0, runs: 0, largestRequest: 0, inserted: [] };
  const activationHandlers = [];
  function activate(sheet) {
    const changed = active !== sheet;
    active = sheet;
    if (changed) for (const handler of activationHandlers) setTimeout(() => handler({ worksheetId: sheet.id, type: 'WorksheetActivated' }), 0);
  }

  function columnIndex(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  function letters(c) {
    let s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  }
  /** "E29", "A1:N2", "J:J" → 0-based inclusive box. */
  function parseArea(address) {
    const [from, to = from] = address.replace(/\$/g, '').split(':');
    const part = (p) => {
      const m = /^([A-Z]*)(\d*)$/i.exec(p);
      if (!m) throw new Error(`InvalidArgument: bad address ${address}`);
      return { c: m[1] ? columnIndex(m[1]) : null, r: m[2] ? Number(m[2]) - 1 : null };
    };
    const a = part(from), b = part(to);
    return { top: a.r ?? 0, left: a.c ?? 0, bottom: b.r ?? 1048575, right: b.c ?? 16383 };
  }
  function cellsOf(area, fn) {
    for (let r = area.top; r <= area.bottom; r++) for (let c = area.left; c <= area.right; c++) fn(`${letters(c)}${r + 1}`, r, c);
  }
  function usedArea(sheet) {
    let box = null;
    for (const key of sheet.cells.keys()) {
      const [r, c] = key.split(',').map(Number);
      box = box ? { top: Math.min(box.top, r), left: Math.min(box.left, c), bottom: Math.max(box.bottom, r), right: Math.max(box.right, c) } : { top: r, left: c, bottom: r, right: c };
    }
    return box;
  }

  // ---- the request context: a queue of operations run at sync ----
  function RequestContext() {
    const queue = [];
    let bytes = 0;
    this.alive = true;
    const dead = () => new Error('InvalidObjectPath: the object was used outside the Excel.run that made it');
    /** `payload`: what the operation carries to Excel, for the request size. */
    this.queue = (op, payload) => {
      if (!this.alive) throw dead();
      queue.push(op);
      bytes += 60 + (payload === undefined ? 0 : JSON.stringify(payload).length);
    };
    this.sync = async () => {
      if (!this.alive) throw dead();
      fake.syncs++;
      fake.largestRequest = Math.max(fake.largestRequest, bytes);
      bytes = 0;
      const ops = queue.splice(0);
      for (const op of ops) op();
      await new Promise((resolve) => setTimeout(resolve, 0)); // a round trip is never synchronous
    };
    this.workbook = workbookProxy(this);
  }

  /** A proxy whose listed properties throw until a sync after load() filled them. */
  function loadable(ctx, target, readers) {
    const loaded = {};
    target.load = function (props) {
      const names = props === undefined ? Object.keys(readers) : (Array.isArray(props) ? props : String(props).split(',')).map((p) => p.trim());
      ctx.queue(() => {
        for (const name of names) {
          if (!(name in readers)) throw new Error(`InvalidArgument: unknown property ${name}`);
          loaded[name] = readers[name]();
        }
      }, names);
      return target;
    };
    for (const name of Object.keys(readers)) {
      Object.defineProperty(target, name, {
        get() {
          if (!(name in loaded)) throw new Error(`PropertyNotLoaded: ${name} must be loaded and synced first`);
          return loaded[name];
        },
        configurable: true,
      });
    }
    return target;
  }

  /** Records format settings (font, alignment, widths …) as they are applied; fill is kept per cell. */
  function formatProxy(ctx, sheetOf, area, path) {
    return new Proxy({}, {
      get(_, prop) {
        if (typeof prop !== 'string') return undefined;
        if (prop === 'fill' && path === '') return fillProxy(ctx, sheetOf, area);
        return formatProxy(ctx, sheetOf, area, path ? `${path}.${prop}` : prop);
      },
      set(_, prop, value) {
        const key = path ? `${path}.${prop}` : prop;
        ctx.queue(() => sheetOf().formats.push({ area: area(), key, value }), value);
        return true;
      },
    });
  }

  /** A range's fill: its colour loadable (one colour, or null when the cells differ), settable, clearable. */
  function fillProxy(ctx, sheetOf, area) {
    const fill = {
      clear() { ctx.queue(() => cellsOf(area(), (a) => sheetOf().fills.delete(a))); },
      set color(value) { ctx.queue(() => cellsOf(area(), (a) => sheetOf().fills.set(a, value)), value); },
    };
    loadable(ctx, fill, {
      color: () => {
        const colors = new Set();
        cellsOf(area(), (a) => colors.add(sheetOf().fills.get(a) || '#FFFFFF'));
        return colors.size === 1 ? [...colors][0] : null;
      },
    });
    const get = Object.getOwnPropertyDescriptor(fill, 'color').get;
    Object.defineProperty(fill, 'color', { get, set(value) { ctx.queue(() => cellsOf(area(), (a) => sheetOf().fills.set(a, value)), value); } });
    return fill;
  }

  /** A range of the sheet `sheetOf()` answers at sync time (a sheet added in the same batch exists only then). */
  function rangeProxy(ctx, sheetOf, areaOf, opts = {}) {
    let resolved = null;
    const area = () => (resolved ??= areaOf());
    const range = {
      format: formatProxy(ctx, sheetOf, area, ''),
      worksheet: worksheetProxy(ctx, sheetOf),
      select() { ctx.queue(() => { activate(sheetOf()); selection = { sheet: active, ...area() }; }); },
      set values(rows) {
        ctx.queue(() => {
          const a = area();
          if (rows.length !== a.bottom - a.top + 1 || rows.some((row) => row.length !== a.right - a.left + 1)) {
            throw new Error(`InvalidArgument: ${rows.length} rows of values for ${letters(a.left)}${a.top + 1}:${letters(a.right)}${a.bottom + 1}`);
          }
          rows.forEach((row, i) => row.forEach((v, j) => {
            const key = `${a.top + i},${a.left + j}`;
            const address = `${letters(a.left + j)}${a.top + i + 1}`;
            if (v === '' || v === null) sheetOf().cells.delete(key);
            else sheetOf().cells.set(key, v);
            if (typeof v === 'string' && /^=/.test(v) && !sheetOf().textCells.has(address)) sheetOf().formulas.add(address);
          }));
        }, rows);
      },
      set numberFormat(rows) {
        ctx.queue(() => {
          const a = area();
          cellsOf(a, (address, r, c) => {
            const f = rows[rows.length === 1 ? 0 : r - a.top]?.[rows[0].length === 1 ? 0 : c - a.left];
            if (f === '@') sheetOf().textCells.add(address);
          });
          sheetOf().formats.push({ area: a, key: 'numberFormat', value: rows[0][0] });
        }, rows);
      },
      getMergedAreasOrNullObject() {
        const merged = {};
        let isNull;
        ctx.queue(() => {
          const a = area();
          const inside = sheetOf().merges.filter((m) => m.top >= a.top && m.bottom <= a.bottom && m.left >= a.left && m.right <= a.right);
          isNull = inside.length === 0;
          merged.areas = inside;
        });
        Object.defineProperty(merged, 'isNullObject', { get: () => { if (isNull === undefined) throw new Error('PropertyNotLoaded: isNullObject'); return isNull; } });
        return loadable(ctx, merged, {
          address: () => merged.areas.map((m) => `'${sheetOf().name}'!${letters(m.left)}${m.top + 1}:${letters(m.right)}${m.bottom + 1}`).join(', '),
        });
      },
      set columnHidden(hidden) {
        ctx.queue(() => { const a = area(); for (let c = a.left; c <= a.right; c++) hidden ? sheetOf().hiddenColumns.add(letters(c)) : sheetOf().hiddenColumns.delete(letters(c)); });
      },
      dataValidation: {
        set rule(rule) { ctx.queue(() => sheetOf().validations.push({ area: area(), rule })); },
        set prompt(prompt) { ctx.queue(() => sheetOf().validations.push({ area: area(), prompt })); },
      },
      conditionalFormats: {
        add(type) {
          const cf = { area: null, type, custom: { rule: {}, format: { fill: {}, font: {} } } };
          ctx.queue(() => { cf.area = area(); sheetOf().conditionalFormats.push(cf); });
          return cf;
        },
      },
    };
    loadable(ctx, range, {
      values: () => {
        const a = area();
        if (!a) return null;
        const rows = [];
        for (let r = a.top; r <= a.bottom; r++) {
          const row = [];
          for (let c = a.left; c <= a.right; c++) row.push(sheetOf().cells.get(`${r},${c}`) ?? '');
          rows.push(row);
        }
        return rows;
      },
      rowIndex: () => area()?.top,
      columnIndex: () => area()?.left,
      rowCount: () => area().bottom - area().top + 1,
      columnCount: () => area().right - area().left + 1,
      address: () => `${sheetOf().name}!${letters(area().left)}${area().top + 1}:${letters(area().right)}${area().bottom + 1}`,
    });
    if (opts.nullable) {
      let isNull;
      ctx.queue(() => { isNull = areaOf() === null; });
      Object.defineProperty(range, 'isNullObject', { get: () => { if (isNull === undefined) throw new Error('PropertyNotLoaded: isNullObject'); return isNull; } });
    }
    return range;
  }

  function noteProxy(ctx, sheetOf, address) {
    const sheet = { get notes() { return sheetOf().notes; } };
    const note = {
      delete() { ctx.queue(() => { if (!sheet.notes.delete(address)) throw new Error(`ItemNotFound: no note at ${address}`); }); },
    };
    let isNull;
    ctx.queue(() => { isNull = !sheet.notes.has(address); });
    Object.defineProperty(note, 'isNullObject', { get: () => { if (isNull === undefined) throw new Error('PropertyNotLoaded: isNullObject'); return isNull; } });
    loadable(ctx, note, {
      content: () => sheet.notes.get(address), // a null object loads, and answers nothing
    });
    const get = Object.getOwnPropertyDescriptor(note, 'content').get;
    Object.defineProperty(note, 'content', {
      get,
      set(text) { ctx.queue(() => { if (!sheet.notes.has(address)) throw new Error(`ItemNotFound: no note at ${address}`); sheet.notes.set(address, text); }, text); },
    });
    return note;
  }

  function worksheetProxy(ctx, find) {
    let sheet = null;
    const model = () => (sheet ??= find());
    const ws = {
      getRange(address) { return rangeProxy(ctx, model, () => (address === undefined ? parseArea('A:XFD') : parseArea(address))); },
      getRanges(addresses) {
        // A multi-area range: formats apply to every area.
        const areas = () => addresses.split(',').map(parseArea);
        const each = (fn) => () => areas().forEach(fn);
        return {
          format: new Proxy({}, {
            get(_, part) {
              return {
                clear: () => ctx.queue(each((a) => { if (part === 'fill') cellsOf(a, (x) => model().fills.delete(x)); }), addresses),
                set color(value) { ctx.queue(each((a) => { if (part === 'fill') cellsOf(a, (x) => model().fills.set(x, value)); }), [addresses, value]); },
              };
            },
          }),
        };
      },
      getUsedRangeOrNullObject() { return rangeProxy(ctx, model, () => usedArea(model()), { nullable: true }); },
      activate() { ctx.queue(() => activate(model())); },
      notes: {
        add(address, content) {
          ctx.queue(() => {
            if (model().notes.has(address)) throw new Error(`InvalidArgument: a note already exists at ${address}`);
            model().notes.set(address, content);
          }, [address, content]);
        },
        getItemOrNullObject(address) { return noteProxy(ctx, model, address); },
      },
      tables: {
        add(address, hasHeaders) {
          const table = { address, hasHeaders, style: null };
          ctx.queue(() => model().tables.push(table));
          return {
            set style(s) { ctx.queue(() => { table.style = s; }); },
            getHeaderRowRange() { return rangeProxy(ctx, model, () => { const a = parseArea(address); return { ...a, bottom: a.top }; }); },
          };
        },
      },
      freezePanes: { freezeRows(n) { ctx.queue(() => { model().frozenRows = n; }); } },
    };
    return loadable(ctx, ws, { id: () => model().id, name: () => model().name });
  }

  function workbookProxy(ctx) {
    const collection = {
      onActivated: {
        add(handler) {
          ctx.queue(() => activationHandlers.push(handler));
          return { context: ctx, remove() { ctx.queue(() => activationHandlers.splice(activationHandlers.indexOf(handler), 1)); } };
        },
      },
      getActiveWorksheet: () => worksheetProxy(ctx, () => active),
      getItem: (key) => worksheetProxy(ctx, () => {
        const s = sheets.find((x) => x.id === key || x.name === key);
        if (!s) throw new Error(`ItemNotFound: worksheet ${key}`);
        return s;
      }),
      add: (name) => {
        let made = null;
        ctx.queue(() => {
          if (sheets.some((s) => s.name === name)) throw new Error(`InvalidArgument: sheet ${name} exists`);
          made = newSheet(name);
        });
        return worksheetProxy(ctx, () => made);
      },
      load() {
        ctx.queue(() => { collection.items = sheets.map((s) => ({ name: s.name, id: s.id })); });
        return collection;
      },
    };
    return {
      worksheets: collection,
      getSelectedRange: () => rangeProxy(ctx, () => selection.sheet, () => selection),
      insertWorksheetsFromBase64(base64) {
        const result = {};
        ctx.queue(() => {
          const sheet = newSheet(`报表${sheets.length + 1}`);
          fake.inserted.push(base64);
          result.value = [sheet.id];
        });
        return result;
      },
    };
  }

  // ---- the globals office.js would define ----
  window.Excel = {
    // Excel.run(batch), or Excel.run(object, batch) to work again with an object's context (event handlers).
    run: async (first, second) => {
      fake.runs++;
      const ctx = new RequestContext();
      try {
        return await (second || first)(ctx);
      } finally {
        ctx.alive = false;
      }
    },
    ConditionalFormatType: { custom: 'Custom' },
    WorksheetPositionType: { end: 'End' },
  };
  const [major, minor] = apiVersion.split('.').map(Number);
  window.Office = {
    HostType: { Excel: 'Excel' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady(callback) {
      const info = { host: 'Excel', platform: 'PC' };
      if (callback) setTimeout(() => callback(info), 0);
      return Promise.resolve(info);
    },
    context: {
      displayLanguage: config.language || 'zh-CN',
      requirements: {
        isSetSupported(name, version) {
          if (name !== 'ExcelApi') return false;
          const [a, b = 0] = String(version).split('.').map(Number);
          return a < major || (a === major && b <= minor);
        },
      },
      document: {
        settings: {
          get: (key) => (settings.has(key) ? JSON.parse(settings.get(key)) : null),
          set: (key, value) => settings.set(key, JSON.stringify(value)),
          saveAsync: (callback) => setTimeout(() => callback && callback({ status: 'succeeded' }), 0),
        },
      },
    },
  };

  fake.state = () => sheets.map((s) => {
    const box = usedArea(s);
    const rows = [];
    if (box) for (let r = 0; r <= box.bottom; r++) { const row = []; for (let c = 0; c <= box.right; c++) row.push(s.cells.get(`${r},${c}`) ?? null); rows.push(row); }
    return {
      id: s.id, name: s.name, rows,
      fills: Object.fromEntries(s.fills), notes: Object.fromEntries(s.notes),
      formulas: [...s.formulas], hiddenColumns: [...s.hiddenColumns], tables: s.tables,
      validations: s.validations, conditionalFormats: s.conditionalFormats.map((cf) => ({ type: cf.type, formula: cf.custom.rule.formula })),
      frozenRows: s.frozenRows,
    };
  });
  fake.activeSheet = () => active.name;
  fake.select = (name, address) => { const sheet = sheets.find((s) => s.name === name); selection = { sheet, ...parseArea(address) }; activate(sheet); };
  /** The clerk clicks another sheet's tab. */
  fake.activate = (name) => activate(sheets.find((s) => s.name === name));
  fake.selection = () => ({ sheet: selection.sheet.name, address: `${letters(selection.left)}${selection.top + 1}` });
  window.__fakeExcel = fake;
})();
