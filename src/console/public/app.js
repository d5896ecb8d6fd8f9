/*
 * Tawasul staff console: plain JavaScript, no build step, no dependencies, nothing from another site.
 * The server hands each page its start-up data in <script id="boot"> (page name, texts from
 * locales/*.json under console.*, who is signed in, the CSRF token); everything else comes from the
 * documented API under /api/ (docs/console.md). No text a person reads is written in this file, and
 * data is only ever put in the page as text (never as HTML).
 */
(function () {
  'use strict';

  var boot = JSON.parse(document.getElementById('boot').textContent);
  var lang = boot.lang;
  var meta = null;
  var root = document.getElementById('app');

  // ---- texts ----

  function lookup(key) {
    return key.split('.').reduce(function (node, part) {
      return node && typeof node === 'object' ? node[part] : undefined;
    }, boot.texts);
  }

  function t(key, params) {
    var value = lookup(key);
    var text = typeof value === 'string' ? value : '';
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_, name) {
      return params && params[name] !== undefined && params[name] !== null ? String(params[name]) : '';
    });
  }

  /** A text for a dynamic key (a status, a channel), or the raw id when the locales lack it. */
  function label(group, id) {
    var value = lookup(group + '.' + id);
    return typeof value === 'string' ? value : String(id);
  }

  function named(text) {
    if (!text) return '';
    return lang === 'en' ? text.en || text.ar : text.ar;
  }

  // ---- DOM ----

  function h(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === undefined || value === null || value === false) return;
        if (name === 'class') node.className = value;
        else if (name === 'text') node.textContent = value;
        else if (name.indexOf('on') === 0) node.addEventListener(name.slice(2), value);
        else if (value === true) node.setAttribute(name, '');
        else node.setAttribute(name, String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child))
      child.forEach(function (c) {
        append(node, c);
      });
    else
      node.appendChild(
        typeof child === 'string' || typeof child === 'number'
          ? document.createTextNode(String(child))
          : child,
      );
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  var uid = 0;
  function id(prefix) {
    uid += 1;
    return (prefix || 'f') + '-' + uid;
  }

  function field(labelText, control, hint) {
    if (!control.id) control.id = id('field');
    var hintNode = hint ? h('p', { class: 'hint', id: control.id + '-hint', text: hint }) : null;
    if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
    return h('div', { class: 'field' }, h('label', { for: control.id, text: labelText }), control, hintNode);
  }

  function select(name, options, value, attrs) {
    var node = h('select', Object.assign({ name: name }, attrs || {}));
    options.forEach(function (o) {
      var option = h('option', { value: o.value, text: o.label });
      if (String(o.value) === String(value === undefined ? '' : value)) option.selected = true;
      node.appendChild(option);
    });
    return node;
  }

  function button(text, onclick, attrs) {
    return h('button', Object.assign({ type: 'button', onclick: onclick, text: text }, attrs || {}));
  }

  function notice(kind, text) {
    return h('p', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status', text: text });
  }

  function badge(text, kind) {
    return h('span', { class: 'badge ' + (kind || ''), text: text });
  }

  /** Text of the other direction (a number, a name) inside a sentence or cell: isolated, so neither reorders. */
  function bdi(text) {
    return h('bdi', { text: text === null || text === undefined ? '' : String(text) });
  }

  /** A reference number: kept on one line, isolated from the surrounding Arabic. */
  function refLink(ref) {
    return h('a', { href: '/console/cases/' + encodeURIComponent(ref), class: 'ref' }, bdi(ref));
  }

  // ---- formatting ----

  var CALENDARS = {
    ar: { hijri: 'ar-SA-u-ca-islamic-umalqura-nu-latn', gregorian: 'ar-SA-u-ca-gregory-nu-latn' },
    en: { hijri: 'en-u-ca-islamic-umalqura', gregorian: 'en-GB' },
  };

  function dayInstant(isoDate) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || '');
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 12)) : null;
  }

  function formatDay(isoDate, style, calendar) {
    var at = dayInstant(isoDate);
    if (!at) return '';
    return new Intl.DateTimeFormat(CALENDARS[lang][calendar || 'gregorian'], {
      dateStyle: style || 'medium',
      timeZone: 'UTC',
    }).format(at);
  }

  function formatBoth(isoDate) {
    return formatDay(isoDate, 'full', 'hijri') + ' (' + formatDay(isoDate, 'full', 'gregorian') + ')';
  }

  function formatTime(iso) {
    if (!iso) return '';
    return new Intl.DateTimeFormat(CALENDARS[lang].gregorian, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: (meta && meta.timeZone) || 'Asia/Riyadh',
    }).format(new Date(iso));
  }

  function number(value, suffix) {
    if (value === null || value === undefined) return '—';
    return new Intl.NumberFormat(lang === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB').format(value) + (suffix || '');
  }

  // ---- API ----

  function api(method, url, body) {
    var headers = { accept: 'application/json' };
    if (method !== 'GET') headers['x-csrf-token'] = boot.csrf || boot.loginCsrf || '';
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(url, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      var type = response.headers.get('content-type') || '';
      var parsed = type.indexOf('application/json') >= 0 ? response.json() : Promise.resolve(null);
      return parsed.then(function (data) {
        if (response.status === 401 && boot.staff) location.reload();
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function errorText(result) {
    var data = result.data || {};
    var text = data.message || t('errors.internal');
    if (data.issues && data.issues.length) {
      text +=
        ' ' +
        data.issues
          .map(function (i) {
            return i.path.replace(/^body\./, '') + ': ' + i.message;
          })
          .join(' · ');
    }
    return text;
  }

  function loadMeta() {
    if (meta) return Promise.resolve(meta);
    return api('GET', '/api/meta').then(function (r) {
      meta = r.data;
      return meta;
    });
  }

  // ---- layout ----

  function switchLanguage() {
    var next = lang === 'ar' ? 'en' : 'ar';
    document.cookie = 'tawasul_console_lang=' + next + '; path=/; max-age=31536000; SameSite=Lax';
    location.reload();
  }

  function signOut() {
    api('POST', '/api/auth/logout').then(function () {
      location.href = '/console/';
    });
  }

  function layout(title) {
    var nav = h(
      'nav',
      { class: 'nav', 'aria-label': t('nav.label') },
      h(
        'ul',
        null,
        boot.nav.map(function (item) {
          var current = location.pathname === item.url || (item.name === 'cases' && boot.page === 'case');
          return h(
            'li',
            null,
            h('a', { href: item.url, 'aria-current': current ? 'page' : null, text: t('nav.' + item.name) }),
          );
        }),
      ),
    );
    var header = h(
      'header',
      { class: 'top' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'association', text: boot.association }),
        h('span', { class: 'product', text: t('title') }),
      ),
      h(
        'div',
        { class: 'who' },
        boot.staff ? h('span', { class: 'name', text: boot.staff.name }) : null,
        button(t('language.switch'), switchLanguage, {
          class: 'quiet',
          lang: lang === 'ar' ? 'en' : 'ar',
          id: 'switch-language',
        }),
        boot.staff ? button(t('nav.signOut'), signOut, { class: 'quiet', id: 'sign-out' }) : null,
      ),
    );
    var notices = h('div', { class: 'staff-notices' });
    var main = h(
      'main',
      { id: 'content', class: 'content', tabindex: '-1' },
      h('h1', { text: title }),
      notices,
    );
    clear(root);
    append(root, [header, boot.staff ? nav : null, main]);
    document.title = title + ' · ' + boot.association;
    if (boot.staff) staffNotices(notices);
    return main;
  }

  /*
   * Before anything else on every page (as the typed screens' StaffNotices): the policy to acknowledge
   * before a first action, and the promises nobody can keep yet, each with its fix.
   */
  function staffNotices(into) {
    api('GET', '/api/policy').then(function (r) {
      if (!r.ok || !r.data || r.data.acknowledgedAt) return;
      var policy = r.data;
      var status = h('p', { role: 'status' });
      var box = h(
        'section',
        { class: 'notice warn policy-ack', 'aria-labelledby': 'policy-ack-title' },
        h('h2', { id: 'policy-ack-title', text: t('policy.title') }),
        h('p', { text: t('policy.text', { version: policy.version }) }),
        h(
          'p',
          null,
          h('a', { href: policy.url, target: '_blank', rel: 'noreferrer noopener', text: policy.title }),
        ),
        button(
          t('policy.acknowledge'),
          function () {
            api('POST', '/api/policy/ack', { version: policy.version }).then(function (done) {
              if (done.ok) box.remove();
              else status.textContent = errorText(done);
            });
          },
          { class: 'primary' },
        ),
        status,
      );
      into.insertBefore(box, into.firstChild);
    });
    api('GET', '/api/setup/warnings').then(function (r) {
      if (!r.ok || !r.data || !r.data.warnings.length) return;
      append(
        into,
        // Open for administrators, who can fix them; a line for everyone else.
        h(
          'details',
          { class: 'notice error setup-warnings', open: boot.staff.roles.indexOf('admin') >= 0 },
          h('summary', { text: t('setup.title', { count: r.data.warnings.length }) }),
          h(
            'ul',
            null,
            r.data.warnings.map(function (w) {
              return h('li', null, h('strong', { text: w.message }), ' ' + w.fix);
            }),
          ),
        ),
      );
    });
  }

  // ---- dashboard ----

  function dashboardPage() {
    var main = layout(t('dashboard.title'));
    var params = new URLSearchParams(location.search);
    var from = h('input', { type: 'date', name: 'from', value: params.get('from') || '' });
    var to = h('input', { type: 'date', name: 'to', value: params.get('to') || '' });
    var out = h('div', { 'aria-live': 'polite' });
    function load() {
      var q = new URLSearchParams();
      if (from.value) q.set('from', from.value);
      if (to.value) q.set('to', to.value);
      history.replaceState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
      q.set('lang', lang);
      api('GET', '/api/dashboard?' + q).then(function (r) {
        clear(out);
        if (!r.ok) return out.appendChild(notice('error', errorText(r)));
        from.value = r.data.period.from;
        to.value = r.data.period.to;
        drawDashboard(out, r.data, q);
      });
    }
    append(main, [
      h(
        'form',
        {
          class: 'filters row wrap',
          onsubmit: function (e) {
            e.preventDefault();
            load();
          },
        },
        field(t('dashboard.from'), from),
        field(t('dashboard.to'), to),
        h('button', { type: 'submit', class: 'primary', text: t('dashboard.show') }),
      ),
      out,
    ]);
    load();
  }

  function exportLinks(url, q) {
    return h(
      'div',
      { class: 'exports' },
      ['csv', 'xlsx'].map(function (format) {
        var query = new URLSearchParams(q);
        query.set('format', format);
        return h('a', {
          class: 'button',
          href: url + '?' + query,
          download: '',
          text: t('export.' + format),
        });
      }),
    );
  }

  function drawTable(table) {
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden', text: table.title }),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            table.columns.map(function (c) {
              return h('th', { scope: 'col', class: c.type === 'number' ? 'num' : null, text: c.label });
            }),
          ),
        ),
        h(
          'tbody',
          null,
          table.rows.length
            ? table.rows.map(function (row) {
                return h(
                  'tr',
                  null,
                  table.columns.map(function (c) {
                    var v = row[c.key];
                    return h('td', {
                      class: c.type === 'number' ? 'num' : null,
                      text: c.type === 'number' ? number(v) : v === null || v === undefined ? '' : String(v),
                    });
                  }),
                );
              })
            : h(
                'tr',
                null,
                h('td', {
                  colspan: String(table.columns.length),
                  class: 'muted',
                  text: t('dashboard.noData'),
                }),
              ),
        ),
      ),
    );
  }

  function drawDashboard(out, data, q) {
    var s = data.summary;
    var cards = [
      ['openRequests', number(s.openRequests)],
      ['openComplaints', number(s.openComplaints)],
      ['overdue', number(s.overdue), s.overdue > 0 ? 'danger' : ''],
      ['escalated', number(s.escalated), s.escalated > 0 ? 'warn' : ''],
      [
        'onTimePct',
        number(s.onTimePct, '%'),
        '',
        t('dashboard.onTimeOf', { onTime: s.decidedOnTime, decided: s.decided }),
      ],
      [
        'firstResponseAvgHours',
        number(s.firstResponseAvgHours),
        '',
        t('dashboard.median', { value: number(s.firstResponseMedianHours) }),
      ],
      [
        'resolutionAvgHours',
        number(s.resolutionAvgHours),
        '',
        t('dashboard.median', { value: number(s.resolutionMedianHours) }),
      ],
      [
        'csatAverage',
        s.csatAverage === null ? '—' : number(s.csatAverage) + ' / 5',
        '',
        t('dashboard.responses', { count: s.responses }),
      ],
      ['satisfiedPct', number(s.satisfiedPct, '%')],
      ['responseRatePct', number(s.responseRatePct, '%'), '', t('dashboard.invited', { count: s.invited })],
    ];
    out.appendChild(
      h(
        'section',
        { class: 'figures', 'aria-label': t('dashboard.figuresLabel') },
        cards.map(function (c) {
          return h(
            'div',
            { class: 'figure ' + (c[2] || '') },
            h('span', { class: 'figure-label', text: t('dashboard.figures.' + c[0]) }),
            h('span', { class: 'figure-value', dir: 'ltr', text: c[1] }),
            c[3] ? h('span', { class: 'figure-note', text: c[3] }) : null,
          );
        }),
      ),
    );
    out.appendChild(h('p', null, exportLinks('/api/dashboard/export/summary', q)));
    var charts = [
      'complaintsByWeek',
      'complaintsByCategory',
      'satisfactionByService',
      'satisfactionByChannel',
    ];
    out.appendChild(
      h(
        'section',
        { class: 'charts' },
        charts.map(function (name) {
          return h(
            'figure',
            { class: 'card chart' },
            h('img', {
              src: '/api/dashboard/charts/' + name + '?' + q,
              alt: data.tables[name].title,
              loading: 'lazy',
            }),
            h('figcaption', { text: data.tables[name].title }),
          );
        }),
      ),
    );
    Object.keys(data.tables).forEach(function (name) {
      var table = data.tables[name];
      out.appendChild(
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'table-' + name },
          h(
            'div',
            { class: 'row spread' },
            h('h2', { id: 'table-' + name, text: table.title }),
            exportLinks('/api/dashboard/export/' + name, q),
          ),
          drawTable(table),
        ),
      );
    });
  }

  var PAGES = {
    dashboard: dashboardPage,
  };
  if (PAGES[boot.page]) PAGES[boot.page]();
})();
