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

  var ARROW = lang === 'ar' ? ' ← ' : ' → ';

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

  function serviceName(id) {
    var s =
      meta &&
      meta.services.filter(function (x) {
        return x.id === id;
      })[0];
    return s ? named(s.name) : id || '';
  }

  function categoryName(id) {
    if (!id || !meta) return id || '';
    var all = meta.categories.concat(meta.complaintCategories);
    var c = all.filter(function (x) {
      return x.id === id;
    })[0];
    return c ? named(c.name) : id;
  }

  function staffName(staffId) {
    var s =
      meta &&
      meta.staff.filter(function (x) {
        return x.id === staffId;
      })[0];
    return s ? s.name : staffId || '';
  }

  function actorName(actor) {
    if (!actor) return '';
    var parts = actor.split(':');
    if (parts[0] === 'staff') return staffName(parts.slice(1).join(':'));
    return label('actors', parts[0]);
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

  // ---- sign-in ----

  function signInPage() {
    var main = layout(t('signin.title'));
    var message = h('div', { 'aria-live': 'polite' });
    var staffId = h('input', {
      name: 'staffId',
      autocomplete: 'username',
      required: true,
      dir: 'ltr',
      autocapitalize: 'none',
      spellcheck: 'false',
    });
    var password = h('input', {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
      dir: 'ltr',
    });
    function done(result) {
      if (result.ok) {
        // Signed in where the sign-in page was shown: that page now opens; from the root, the home page.
        if (location.pathname === '/console/' || location.pathname === '/console')
          location.href = result.data.home;
        else location.reload();
      } else {
        clear(message).appendChild(notice('error', errorText(result)));
      }
    }
    var form = h(
      'form',
      {
        class: 'card narrow',
        onsubmit: function (e) {
          e.preventDefault();
          clear(message);
          api('POST', '/api/auth/login', { staffId: staffId.value, password: password.value }).then(done);
        },
      },
      h('p', { text: t('signin.intro') }),
      field(t('signin.staffId'), staffId),
      field(t('signin.password'), password),
      h('button', { type: 'submit', class: 'primary', text: t('signin.submit') }),
    );
    append(main, [message, form]);
    if (boot.codeSignIn) {
      var codeId = h('input', {
        name: 'staffId',
        autocomplete: 'username',
        dir: 'ltr',
        autocapitalize: 'none',
      });
      var code = h('input', {
        name: 'code',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        dir: 'ltr',
        maxlength: '6',
      });
      var codeStep = h(
        'div',
        { hidden: true },
        field(t('signin.code'), code),
        button(
          t('signin.verifyCode'),
          function () {
            api('POST', '/api/auth/code/verify', { staffId: codeId.value, code: code.value }).then(done);
          },
          { class: 'primary' },
        ),
      );
      var codeForm = h(
        'section',
        { class: 'card narrow' },
        h('h2', { text: t('signin.codeTitle') }),
        h('p', { text: t('signin.codeIntro') }),
        field(t('signin.staffId'), codeId),
        button(t('signin.sendCode'), function () {
          api('POST', '/api/auth/code', { staffId: codeId.value }).then(function (r) {
            if (!r.ok) return done(r);
            clear(message).appendChild(notice('ok', t('signin.codeSent')));
            codeStep.hidden = false;
            code.focus();
          });
        }),
        codeStep,
      );
      main.appendChild(codeForm);
    }
    staffId.focus();
  }

  function forbiddenPage() {
    var main = layout(t('forbidden.title'));
    append(main, [
      h('p', { text: t('forbidden.text') }),
      h('p', null, h('a', { href: boot.home, text: t('forbidden.home') })),
    ]);
  }

  // ---- cases ----

  var FILTERS = [
    'q',
    'kind',
    'status',
    'service',
    'category',
    'channel',
    'officer',
    'overdue',
    'from',
    'to',
    'sort',
    'page',
  ];

  function casesPage() {
    var main = layout(t('cases.title'));
    loadMeta().then(function () {
      var params = new URLSearchParams(location.search);
      var statuses = meta.statuses.request.concat(
        meta.statuses.complaint.filter(function (s) {
          return s !== 'closed';
        }),
      );
      var inputs = {
        q: h('input', {
          name: 'q',
          type: 'search',
          value: params.get('q') || '',
          placeholder: t('cases.searchPlaceholder'),
        }),
        kind: select(
          'kind',
          [
            { value: '', label: t('cases.any') },
            { value: 'request', label: label('kind', 'request') },
            { value: 'complaint', label: label('kind', 'complaint') },
          ],
          params.get('kind'),
        ),
        status: select(
          'status',
          [{ value: '', label: t('cases.any') }].concat(
            statuses.map(function (s) {
              return { value: s, label: label('status', s) };
            }),
          ),
          params.get('status'),
        ),
        service: select(
          'service',
          [{ value: '', label: t('cases.any') }].concat(
            meta.services.map(function (s) {
              return { value: s.id, label: named(s.name) };
            }),
          ),
          params.get('service'),
        ),
        category: select(
          'category',
          [{ value: '', label: t('cases.any') }].concat(
            meta.categories.concat(meta.complaintCategories).map(function (c) {
              return { value: c.id, label: named(c.name) };
            }),
          ),
          params.get('category'),
        ),
        channel: select(
          'channel',
          [{ value: '', label: t('cases.any') }].concat(
            meta.channels.map(function (c) {
              return { value: c, label: label('channel', c) };
            }),
          ),
          params.get('channel'),
        ),
        officer: select(
          'officer',
          [{ value: '', label: t('cases.any') }].concat(
            meta.staff.map(function (s) {
              return { value: s.id, label: s.name };
            }),
          ),
          params.get('officer'),
        ),
        from: h('input', { name: 'from', type: 'date', value: params.get('from') || '' }),
        to: h('input', { name: 'to', type: 'date', value: params.get('to') || '' }),
        sort: select(
          'sort',
          [
            { value: 'newest', label: t('cases.sortNewest') },
            { value: 'due', label: t('cases.sortDue') },
          ],
          params.get('sort') || 'newest',
        ),
      };
      var overdue = h('input', {
        type: 'checkbox',
        name: 'overdue',
        id: 'filter-overdue',
        checked: params.get('overdue') === 'true',
      });
      var results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'false' });
      var exports = h('div', { class: 'exports' });

      function current() {
        var q = new URLSearchParams();
        Object.keys(inputs).forEach(function (k) {
          if (inputs[k].value && !(k === 'sort' && inputs[k].value === 'newest')) q.set(k, inputs[k].value);
        });
        if (overdue.checked) q.set('overdue', 'true');
        return q;
      }

      function load(page) {
        var q = current();
        if (page > 1) q.set('page', String(page));
        history.replaceState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
        var exportQuery = new URLSearchParams(q);
        exportQuery.delete('page');
        exportQuery.set('lang', lang);
        clear(exports);
        ['csv', 'xlsx'].forEach(function (format) {
          exportQuery.set('format', format);
          exports.appendChild(
            h('a', {
              class: 'button',
              href: '/api/cases/export?' + exportQuery,
              download: '',
              text: t('export.' + format),
            }),
          );
        });
        results.setAttribute('aria-busy', 'true');
        api('GET', '/api/cases?' + q).then(function (r) {
          results.setAttribute('aria-busy', 'false');
          clear(results);
          if (!r.ok) return results.appendChild(notice('error', errorText(r)));
          drawCases(results, r.data, load);
        });
      }

      var form = h(
        'form',
        {
          class: 'filters-form',
          role: 'search',
          onsubmit: function (e) {
            e.preventDefault();
            load(1);
          },
        },
        h(
          'div',
          { class: 'grid' },
          field(t('cases.search'), inputs.q),
          field(t('cases.kind'), inputs.kind),
          field(t('cases.status'), inputs.status),
          field(t('cases.service'), inputs.service),
          field(t('cases.category'), inputs.category),
          field(t('cases.channel'), inputs.channel),
          field(t('cases.officer'), inputs.officer),
          field(t('cases.from'), inputs.from),
          field(t('cases.to'), inputs.to),
          field(t('cases.sort'), inputs.sort),
        ),
        h(
          'div',
          { class: 'row' },
          h('label', { class: 'check', for: 'filter-overdue' }, overdue, ' ', t('cases.overdueOnly')),
          h('button', { type: 'submit', class: 'primary', text: t('cases.apply') }),
          button(
            t('cases.reset'),
            function () {
              location.href = location.pathname;
            },
            { class: 'quiet' },
          ),
        ),
      );
      // On a phone the filters fold away under their heading; on a laptop they stay open.
      var box = h(
        'details',
        {
          class: 'filters',
          open:
            window.innerWidth > 640 ||
            FILTERS.some(function (k) {
              return params.has(k);
            }),
        },
        h('summary', { text: t('cases.filters') }),
        form,
      );
      append(main, [box, exports, results]);
      load(Number(params.get('page')) || 1);
    });
  }

  function drawCases(container, data, load) {
    var from = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
    var to = Math.min(data.total, data.page * data.pageSize);
    container.appendChild(
      h('p', { class: 'count', text: t('cases.count', { from: from, to: to, total: data.total }) }),
    );
    if (data.rows.length === 0)
      return container.appendChild(h('p', { class: 'empty', text: t('cases.none') }));
    var head = ['reference', 'kind', 'subject', 'applicant', 'channel', 'status', 'due', 'officer'];
    var table = h(
      'table',
      { class: 'cases' },
      h('caption', { class: 'visually-hidden', text: t('cases.title') }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map(function (k) {
            return h('th', { scope: 'col', text: t('cases.col.' + k) });
          }),
        ),
      ),
      h(
        'tbody',
        null,
        data.rows.map(function (row) {
          return h(
            'tr',
            { class: row.overdue ? 'overdue' : null },
            h('th', { scope: 'row' }, refLink(row.reference)),
            h('td', { text: label('kind', row.ticketKind || row.kind) }),
            h('td', {
              text: row.kind === 'request' ? serviceName(row.serviceId) : categoryName(row.categoryId),
            }),
            h(
              'td',
              null,
              bdi(row.applicant.name || ''),
              row.applicant.mobile ? h('div', { class: 'muted' }, bdi(row.applicant.mobile)) : null,
            ),
            h('td', { text: label('channel', row.channel) }),
            h(
              'td',
              null,
              badge(label('status', row.status), 'status-' + row.status),
              row.escalationLevel > 0
                ? badge(t('cases.escalatedLevel', { level: row.escalationLevel }), 'warn')
                : null,
            ),
            h(
              'td',
              null,
              formatDay(row.dueDate),
              row.overdue ? [' ', badge(t('cases.overdue'), 'danger')] : null,
            ),
            h('td', { text: staffName(row.officer) }),
          );
        }),
      ),
    );
    container.appendChild(h('div', { class: 'table-wrap' }, table));
    var pages = Math.ceil(data.total / data.pageSize);
    if (pages > 1) {
      container.appendChild(
        h(
          'nav',
          { class: 'pager', 'aria-label': t('cases.pages') },
          button(
            t('cases.previous'),
            function () {
              load(data.page - 1);
            },
            { disabled: data.page <= 1 },
          ),
          h('span', { text: t('cases.page', { page: data.page, pages: pages }) }),
          button(
            t('cases.next'),
            function () {
              load(data.page + 1);
            },
            { disabled: data.page >= pages },
          ),
        ),
      );
    }
  }

  // ---- one case ----

  function casePage() {
    var reference = boot.params.reference;
    var main = layout(t('case.title', { ref: reference }));
    main.querySelector('h1').setAttribute('dir', 'auto');
    var message = h('div', { 'aria-live': 'polite' });
    var body = h('div');
    append(main, [h('p', null, h('a', { href: '/console/cases', text: t('case.back') })), message, body]);
    function load() {
      return Promise.all([loadMeta(), api('GET', '/api/cases/' + encodeURIComponent(reference))]).then(
        function (all) {
          var r = all[1];
          clear(body);
          if (!r.ok) return body.appendChild(notice('error', errorText(r)));
          drawCase(body, r.data, message, load);
        },
      );
    }
    load();
  }

  function facts(pairs) {
    return h(
      'dl',
      { class: 'facts' },
      pairs.filter(Boolean).map(function (p) {
        return [h('dt', { text: p[0] }), h('dd', null, typeof p[1] === 'string' ? bdi(p[1]) : p[1])];
      }),
    );
  }

  function drawCase(body, c, message, reload) {
    var isRequest = c.kind === 'request';
    var chat =
      c.beneficiary && c.beneficiary.chatChannels.length
        ? c.beneficiary.chatChannels
            .map(function (ch) {
              return label('channel', ch);
            })
            .join('، ')
        : t('case.noChat');
    body.appendChild(
      h(
        'div',
        { class: 'badges' },
        badge(label('kind', c.ticketKind || c.kind)),
        badge(label('status', c.status), 'status-' + c.status),
        c.overdue ? badge(t('cases.overdue'), 'danger') : null,
        c.escalationLevel > 0 ? badge(t('cases.escalatedLevel', { level: c.escalationLevel }), 'warn') : null,
      ),
    );
    body.appendChild(
      facts([
        [
          isRequest ? t('case.service') : t('case.category'),
          isRequest ? serviceName(c.serviceId) : categoryName(c.categoryId),
        ],
        [t('case.channel'), label('channel', c.channel)],
        [t('case.applicant'), c.applicant.name || '—'],
        c.applicant.mobile ? [t('case.mobile'), c.applicant.mobile] : null,
        [t('case.chat'), chat],
        [t('case.created'), formatTime(c.createdAt)],
        [t('case.due'), formatBoth(c.dueDate)],
        c.routedTo
          ? [
              t('case.routedTo'),
              lookup('routes.' + c.routedTo) ? label('routes', c.routedTo) : staffName(c.routedTo),
            ]
          : null,
        [t('case.officer'), c.officer ? staffName(c.officer) : '—'],
      ]),
    );

    // Actions: the roles and the transition tables decide which are offered.
    var actions = h(
      'section',
      { class: 'card actions', 'aria-labelledby': 'actions-title' },
      h('h2', { id: 'actions-title', text: t('case.actions') }),
    );
    if (c.actions.length === 0) actions.appendChild(h('p', { class: 'muted', text: t('case.noActions') }));
    var panel = h('div');
    var row = h('div', { class: 'row wrap' });
    c.actions.forEach(function (a) {
      row.appendChild(
        button(
          label('actions', a.id),
          function () {
            openAction(a);
          },
          { 'data-action': a.id, class: a.id === 'approve' ? 'primary' : a.id === 'reject' ? 'danger' : '' },
        ),
      );
    });
    append(actions, [row, panel]);
    body.appendChild(actions);

    // Handing the case to a named officer (committee, management, administrators): the same service as
    // /assign in the case's Telegram topic; the officer is alerted there.
    var assigners = ['committee', 'manager', 'admin'];
    var mayAssign =
      boot.staff &&
      boot.staff.roles.some(function (r) {
        return assigners.indexOf(r) >= 0;
      });
    if (mayAssign) {
      var officer = h('select', { name: 'officer', id: 'assign-officer' });
      api('GET', '/api/officers').then(function (r) {
        if (!r.ok) return;
        r.data.officers.forEach(function (o) {
          var option = h('option', { value: o.id, text: o.name + ' (' + o.id + ')' });
          if (o.id === c.routedTo) option.selected = true;
          officer.appendChild(option);
        });
      });
      body.appendChild(
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'assign-title' },
          h('h2', { id: 'assign-title', text: t('case.assignTitle') }),
          field(t('case.assignOfficer'), officer),
          button(
            t('case.assign'),
            function () {
              api('POST', '/api/cases/' + encodeURIComponent(c.reference) + '/assign', {
                officerId: officer.value,
              }).then(function (r) {
                clear(message);
                if (!r.ok) return message.appendChild(notice('error', errorText(r)));
                message.appendChild(notice('ok', t('case.assigned', { name: staffName(r.data.to) })));
                reload();
              });
            },
            { 'data-action': 'assign-officer' },
          ),
        ),
      );
    }

    function openAction(a) {
      clear(panel);
      // Asking for information: tick what is missing (the service's fields and documents); the
      // applicant gets a flow to send exactly that. Ticking is enough, a reason is then optional.
      var service = isRequest
        ? meta.services.filter(function (s) {
            return s.id === c.serviceId;
          })[0]
        : null;
      var missingBoxes = [];
      var missingPick =
        a.id === 'askInfo' && service
          ? h(
              'fieldset',
              { class: 'checks' },
              h('legend', { text: t('case.missingPick') }),
              service.fields
                .map(function (f) {
                  return { kind: 'fields', id: f.id, label: named(f.label) };
                })
                .concat(
                  service.documents.map(function (d) {
                    return { kind: 'documents', id: d.id, label: '📎 ' + named(d.label) };
                  }),
                )
                .map(function (item) {
                  var box = h('input', { type: 'checkbox', name: 'missing-' + item.kind, value: item.id });
                  missingBoxes.push({ kind: item.kind, box: box });
                  return h('label', { class: 'check' }, box, document.createTextNode(' ' + item.label));
                }),
            )
          : null;
      var reasonText = h('textarea', {
        name: 'reason',
        rows: '3',
        maxlength: '1000',
        required: a.needsReason && !missingPick,
      });
      var reasonPick =
        a.id === 'reject'
          ? select(
              'reasonId',
              [{ value: '', label: t('case.reasonOther') }].concat(
                meta.rejectionReasons.map(function (r) {
                  return { value: r.id, label: named(r.name) };
                }),
              ),
              '',
            )
          : null;
      var form = h(
        'form',
        {
          class: 'action-form',
          onsubmit: function (e) {
            e.preventDefault();
            var payload = { action: a.id };
            if (reasonText.value.trim()) payload.reason = reasonText.value.trim();
            if (reasonPick && reasonPick.value) payload.reasonId = reasonPick.value;
            if (missingPick) {
              payload.missing = { fields: [], documents: [] };
              missingBoxes.forEach(function (m) {
                if (m.box.checked) payload.missing[m.kind].push(m.box.value);
              });
            }
            api('POST', '/api/cases/' + encodeURIComponent(c.reference) + '/actions', payload).then(
              function (r) {
                clear(message);
                if (!r.ok) return message.appendChild(notice('error', errorText(r)));
                message.appendChild(
                  notice(
                    'ok',
                    t(r.data.notified ? 'case.doneNotified' : 'case.doneNotNotified', {
                      status: label('status', r.data.to),
                    }),
                  ),
                );
                reload();
              },
            );
          },
        },
        h('h3', { text: label('actions', a.id) }),
        reasonPick ? field(t('case.reasonPick'), reasonPick) : null,
        missingPick,
        a.needsReason || a.id === 'approve' || reasonPick
          ? field(
              a.needsReason && !missingPick ? t('case.reasonRequired') : t('case.reasonOptional'),
              reasonText,
              t('case.reasonHint'),
            )
          : null,
        h(
          'div',
          { class: 'row' },
          h('button', {
            type: 'submit',
            class: 'primary',
            text: t('case.confirm', { action: label('actions', a.id) }),
          }),
          button(
            t('case.cancel'),
            function () {
              clear(panel);
            },
            { class: 'quiet' },
          ),
        ),
      );
      panel.appendChild(form);
      (reasonPick || reasonText || form.querySelector('button')).focus();
    }

    if (isRequest && c.fields) {
      var service = meta.services.filter(function (s) {
        return s.id === c.serviceId;
      })[0];
      var fieldRows = Object.keys(c.fields).map(function (key) {
        var def =
          service &&
          service.fields.filter(function (f) {
            return f.id === key;
          })[0];
        var value = c.fields[key];
        if (def && def.type === 'choice') {
          var option = def.options.filter(function (o) {
            return o.id === value;
          })[0];
          if (option) value = named(option.label);
        }
        return h(
          'tr',
          null,
          h('th', { scope: 'row', text: def ? named(def.label) : key }),
          h('td', null, bdi(value)),
        );
      });
      body.appendChild(
        h(
          'section',
          { class: 'card' },
          h('h2', { text: t('case.fields') }),
          h('table', { class: 'kv' }, h('tbody', null, fieldRows)),
        ),
      );
    }
    if (!isRequest) {
      body.appendChild(
        h(
          'section',
          { class: 'card' },
          h('h2', { text: t('case.description') }),
          h('p', { class: 'prewrap', dir: 'auto', text: c.description || '' }),
        ),
      );
    }
    if (isRequest) {
      var docs = c.documents.length
        ? h(
            'ul',
            null,
            c.documents.map(function (d) {
              return h(
                'li',
                null,
                documentLabel(c.serviceId, d.documentId) +
                  ' · ' +
                  (d.fileName || d.mimeType) +
                  ' · ' +
                  number(Math.round(d.sizeBytes / 1024)) +
                  ' KB',
              );
            }),
          )
        : h('p', { class: 'muted', text: t('case.noDocuments') });
      var decl = c.declaration || {};
      var seen = (decl.documentsSeen || [])
        .map(function (d) {
          return documentLabel(c.serviceId, d);
        })
        .join('، ');
      body.appendChild(
        h(
          'section',
          { class: 'card' },
          h('h2', { text: t('case.documents') }),
          docs,
          seen ? h('p', { text: t('case.documentsSeen', { list: seen }) }) : null,
        ),
      );
      body.appendChild(
        h(
          'section',
          { class: 'card' },
          h('h2', { text: t('case.declaration') }),
          facts([
            [t('case.declaredAt'), formatTime(decl.at)],
            [
              t('case.declaredHow'),
              decl.how ? label('intake.declarationHow', decl.how) : label('channel', decl.channel),
            ],
            decl.recordedBy ? [t('case.recordedBy'), staffName(decl.recordedBy)] : null,
            [
              t('case.declarationHash'),
              h('code', { dir: 'ltr', text: String(decl.hash || '').slice(0, 16) + '…', title: decl.hash }),
            ],
          ]),
        ),
      );
    }
    body.appendChild(drawTimeline(c.timeline, c.serviceId));
  }

  function documentLabel(serviceId, documentId) {
    var service = meta.services.filter(function (s) {
      return s.id === serviceId;
    })[0];
    var doc =
      service &&
      service.documents.filter(function (d) {
        return d.id === documentId;
      })[0];
    return doc ? named(doc.label) : documentId;
  }

  /** The items asked for or received on an information round, by their labels. */
  function itemLabels(serviceId, fields, documents) {
    var service = meta.services.filter(function (s) {
      return s.id === serviceId;
    })[0];
    return (fields || [])
      .map(function (id) {
        var f =
          service &&
          service.fields.filter(function (x) {
            return x.id === id;
          })[0];
        return f ? named(f.label) : id;
      })
      .concat(
        (documents || []).map(function (id) {
          return documentLabel(serviceId, id);
        }),
      )
      .join(' · ');
  }

  function drawTimeline(items, serviceId) {
    var list = h('ol', { class: 'timeline' });
    items.forEach(function (item) {
      var what;
      var detail = null;
      var status = null;
      if (item.type === 'event') {
        what = label('events', item.event) + ' · ' + actorName(item.actor);
        var d = item.data || {};
        var bits = [];
        if (d.from && d.to) bits.push(label('status', d.from) + ARROW + label('status', d.to));
        if (d.reason) bits.push(d.reason);
        if (d.missing) bits.push(itemLabels(serviceId, d.missing.fields, d.missing.documents));
        var received = item.event === 'request.infoReceived' && itemLabels(serviceId, d.fields, d.documents);
        if (received) bits.push(received);
        if (d.note) bits.push(d.note);
        if (bits.length) detail = bits.join(' · ');
      } else if (item.type === 'inbound') {
        what = t('timeline.inbound', { channel: label('channel', item.channel) });
        detail = item.text || (item.media ? t('timeline.media', { count: item.media }) : '');
      } else if (item.type === 'reply' || item.type === 'notification') {
        what = t('timeline.' + item.type, { channel: label('channel', item.channel) });
        detail = item.text;
        status = badge(label('delivery', item.status), 'delivery-' + item.status);
      } else if (item.type === 'staffAlert') {
        what = t('timeline.staffAlert', {
          kind: label('alerts', item.kind),
          recipient:
            item.recipient.indexOf('role:') === 0
              ? label('roles', item.recipient.slice(5))
              : staffName(item.recipient),
        });
        status = badge(label('delivery', item.status), 'delivery-' + item.status);
      } else {
        what = t('timeline.document', { name: item.fileName || item.documentId });
      }
      list.appendChild(
        h(
          'li',
          { class: 'tl-' + item.type },
          h('time', { datetime: item.at, text: formatTime(item.at) }),
          h(
            'div',
            null,
            h('strong', { text: what }),
            ' ',
            status,
            detail ? h('p', { class: 'prewrap', dir: 'auto', text: detail }) : null,
          ),
        ),
      );
    });
    return h(
      'section',
      { class: 'card' },
      h('h2', { text: t('case.timeline') }),
      items.length ? list : h('p', { class: 'muted', text: t('case.noTimeline') }),
    );
  }

  // ---- intake ----

  function intakePage() {
    var main = layout(t('intake.title'));
    loadMeta().then(function () {
      var message = h('div', { 'aria-live': 'polite' });
      var kind = select(
        'kind',
        [
          { value: 'request', label: label('kind', 'request') },
          { value: 'complaint', label: t('intake.complaintKind') },
        ],
        'request',
      );
      var channel = select(
        'channel',
        meta.intakeChannels.map(function (c) {
          return { value: c, label: label('channel', c) };
        }),
        'phone',
      );
      var receivedOn = h('input', { type: 'date', name: 'receivedOn', value: meta.today, max: meta.today });
      var mobile = h('input', {
        name: 'mobile',
        type: 'tel',
        dir: 'ltr',
        autocomplete: 'off',
        inputmode: 'tel',
      });
      var fullName = h('input', { name: 'fullName', autocomplete: 'off', dir: 'auto' });
      // Who the case is for: staff choose among the people the number points to (never chosen for them).
      // Only a number vouched for (recorded by staff, or given by the chat platform) can be chosen; one a
      // chat visitor merely typed is shown, disabled, so nobody's cases reach whoever typed their number.
      var person = h('fieldset', { class: 'checks person', 'aria-live': 'polite', hidden: true });
      function personChoice(value, text, options) {
        var input = h('input', {
          type: 'radio',
          name: 'beneficiaryId',
          value: value,
          id: 'person-' + value,
          checked: !!options.checked,
          disabled: !!options.disabled,
        });
        return h('label', { class: 'check', for: input.id }, input, ' ', text);
      }
      function channelsText(channels) {
        return channels
          .map(function (c) {
            return label('channel', c);
          })
          .join('، ');
      }
      mobile.addEventListener('change', function () {
        clear(person);
        person.hidden = true;
        if (!mobile.value.trim()) return;
        api('GET', '/api/intake/beneficiary?mobile=' + encodeURIComponent(mobile.value)).then(function (r) {
          if (!r.ok) return;
          var vouched = r.data.candidates.filter(function (c) {
            return c.verified;
          });
          person.hidden = false;
          person.appendChild(h('legend', { text: t('intake.person') }));
          r.data.candidates.forEach(function (c) {
            var who =
              c.name === null && c.cases === null
                ? t('intake.personOutOfScope')
                : t('intake.personKnown', { name: c.name || '—', cases: c.cases });
            var reach = c.chatChannels.length
              ? t('intake.personChats', { channels: channelsText(c.chatChannels) })
              : t('intake.personNoChat');
            person.appendChild(
              personChoice(c.id, c.verified ? who + ' ' + reach : who + ' ' + t('intake.personUnverified'), {
                disabled: !c.verified,
              }),
            );
          });
          person.appendChild(personChoice('new', t('intake.newPerson'), { checked: vouched.length === 0 }));
          if (vouched.length) person.appendChild(h('p', { class: 'muted', text: t('intake.choosePerson') }));
        });
      });
      var requestPart = h('div');
      var complaintPart = h('div', { hidden: true });
      var service = select(
        'serviceId',
        meta.services.map(function (s) {
          return { value: s.id, label: named(s.name) };
        }),
        meta.services[0] && meta.services[0].id,
      );
      var serviceFields = h('div', { class: 'grid' });
      var docsPart = h('fieldset', { class: 'checks' });
      var declaration = h(
        'fieldset',
        { class: 'checks' },
        h('legend', { text: t('intake.declaration') }),
        ['signedForm', 'verbal'].map(function (how, i) {
          var input = h('input', {
            type: 'radio',
            name: 'declaration',
            value: how,
            id: 'decl-' + how,
            checked: i === 0,
          });
          return h(
            'label',
            { class: 'check', for: input.id },
            input,
            ' ',
            label('intake.declarationHow', how),
          );
        }),
      );
      var note = h('textarea', { name: 'note', rows: '2', maxlength: '1000' });
      function drawService() {
        clear(serviceFields);
        clear(docsPart);
        var s = meta.services.filter(function (x) {
          return x.id === service.value;
        })[0];
        if (!s) return;
        s.fields.forEach(function (f) {
          var control;
          if (f.type === 'choice')
            control = select(
              'field-' + f.id,
              [{ value: '', label: '—' }].concat(
                f.options.map(function (o) {
                  return { value: o.id, label: named(o.label) };
                }),
              ),
              '',
            );
          else
            control = h('input', {
              name: 'field-' + f.id,
              dir: ['nationalId', 'mobile', 'number', 'date'].indexOf(f.type) >= 0 ? 'ltr' : 'auto',
              inputmode: ['nationalId', 'number', 'mobile'].indexOf(f.type) >= 0 ? 'numeric' : null,
            });
          control.setAttribute('data-field', f.id);
          if (f.required) control.required = true;
          if (f.type === 'mobile' && mobile.value) control.value = mobile.value;
          if (f.type === 'text' && /name/.test(f.id) && fullName.value) control.value = fullName.value;
          serviceFields.appendChild(
            field(named(f.label) + (f.required ? ' *' : ''), control, f.hint ? named(f.hint) : null),
          );
        });
        if (s.documents.length) {
          docsPart.appendChild(h('legend', { text: t('intake.documentsSeen') }));
          s.documents.forEach(function (d) {
            var input = h('input', { type: 'checkbox', name: 'doc', value: d.id, id: id('doc') });
            docsPart.appendChild(h('label', { class: 'check', for: input.id }, input, ' ', named(d.label)));
          });
        }
      }
      service.addEventListener('change', drawService);
      append(requestPart, [
        field(t('intake.service'), service),
        serviceFields,
        docsPart,
        declaration,
        field(t('intake.note'), note),
      ]);
      var ticketKind = select(
        'ticketKind',
        ['complaint', 'suggestion', 'compensation'].map(function (k) {
          return { value: k, label: label('kind', k) };
        }),
        'complaint',
      );
      var category = select(
        'categoryId',
        meta.complaintCategories.map(function (c) {
          return { value: c.id, label: named(c.name) };
        }),
        meta.complaintCategories[0] && meta.complaintCategories[0].id,
      );
      var description = h('textarea', { name: 'description', rows: '5', maxlength: '2000', dir: 'auto' });
      append(complaintPart, [
        field(t('intake.ticketKind'), ticketKind),
        field(t('intake.category'), category),
        field(t('intake.description'), description),
      ]);
      kind.addEventListener('change', function () {
        requestPart.hidden = kind.value !== 'request';
        complaintPart.hidden = kind.value !== 'complaint';
      });
      mobile.addEventListener('input', function () {
        var m = serviceFields.querySelector('[data-field="mobile"]');
        if (m) m.value = mobile.value;
      });
      fullName.addEventListener('input', function () {
        var n = serviceFields.querySelector('[data-field="full-name"]');
        if (n) n.value = fullName.value;
      });
      drawService();
      var form = h(
        'form',
        {
          class: 'card',
          onsubmit: function (e) {
            e.preventDefault();
            var payload = { kind: kind.value, channel: channel.value };
            if (receivedOn.value) payload.receivedOn = receivedOn.value;
            if (mobile.value.trim()) payload.mobile = mobile.value.trim();
            var chosen = person.querySelector('input[name=beneficiaryId]:checked');
            if (mobile.value.trim() && chosen) payload.beneficiaryId = chosen.value;
            if (fullName.value.trim()) payload.fullName = fullName.value.trim();
            if (kind.value === 'request') {
              payload.serviceId = service.value;
              payload.fields = {};
              serviceFields.querySelectorAll('[data-field]').forEach(function (node) {
                if (node.value.trim()) payload.fields[node.getAttribute('data-field')] = node.value.trim();
              });
              payload.documentsSeen = Array.prototype.map.call(
                docsPart.querySelectorAll('input:checked'),
                function (n) {
                  return n.value;
                },
              );
              payload.declaration = (declaration.querySelector('input:checked') || {}).value;
              if (note.value.trim()) payload.note = note.value.trim();
            } else {
              payload.ticketKind = ticketKind.value;
              if (ticketKind.value !== 'suggestion') payload.categoryId = category.value;
              payload.description = description.value;
            }
            api('POST', '/api/intake', payload).then(function (r) {
              clear(message);
              if (!r.ok) return message.appendChild(notice('error', errorText(r)));
              var ref = r.data.reference;
              message.appendChild(
                h(
                  'div',
                  { class: 'notice ok', role: 'status' },
                  t(r.data.notified ? 'intake.doneNotified' : 'intake.doneNotNotified', {
                    ref: '\u2066' + ref + '\u2069',
                    due: formatBoth(r.data.dueDate),
                  }),
                  ' ',
                  refLink(ref),
                ),
              );
              message.scrollIntoView();
            });
          },
        },
        h(
          'div',
          { class: 'grid' },
          field(t('intake.kind'), kind),
          field(t('intake.channel'), channel),
          field(t('intake.receivedOn'), receivedOn),
        ),
        h(
          'div',
          { class: 'grid' },
          field(t('intake.mobile'), mobile, t('intake.mobileHint')),
          field(t('intake.fullName'), fullName),
        ),
        person,
        requestPart,
        complaintPart,
        h('button', { type: 'submit', class: 'primary', text: t('intake.submit') }),
      );
      append(main, [h('p', { text: t('intake.intro') }), message, form]);
    });
  }

  // ---- administration ----

  function holidaysPage() {
    var main = layout(t('holidays.title'));
    var message = h('div', { 'aria-live': 'polite' });
    var list = h('div');
    function load() {
      api('GET', '/api/admin/holidays').then(function (r) {
        clear(list);
        if (!r.ok) return list.appendChild(notice('error', errorText(r)));
        list.appendChild(
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              null,
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['name', 'from', 'to', 'source', 'remove'].map(function (k) {
                    return h('th', { scope: 'col', text: t('holidays.col.' + k) });
                  }),
                ),
              ),
              h(
                'tbody',
                null,
                r.data.holidays.map(function (hd) {
                  return h(
                    'tr',
                    null,
                    h('td', { text: named(hd.name) }),
                    h('td', { text: formatDay(hd.from) }),
                    h('td', { text: formatDay(hd.to) }),
                    h('td', { text: t('holidays.source.' + hd.source) }),
                    h(
                      'td',
                      null,
                      hd.id
                        ? button(
                            t('holidays.remove'),
                            function () {
                              change(api('DELETE', '/api/admin/holidays/' + hd.id));
                            },
                            { class: 'danger' },
                          )
                        : null,
                    ),
                  );
                }),
              ),
            ),
          ),
        );
      });
    }
    function change(request) {
      request.then(function (r) {
        clear(message);
        if (!r.ok) return message.appendChild(notice('error', errorText(r)));
        message.appendChild(
          notice(
            'ok',
            r.data.moved.length
              ? t('holidays.moved', { count: r.data.moved.length, list: r.data.moved.join('، ') })
              : t('holidays.movedNone'),
          ),
        );
        load();
      });
    }
    var nameAr = h('input', { name: 'nameAr', required: true, dir: 'rtl', lang: 'ar' });
    var nameEn = h('input', { name: 'nameEn', dir: 'ltr', lang: 'en' });
    var from = h('input', { type: 'date', name: 'from', required: true });
    var to = h('input', { type: 'date', name: 'to', required: true });
    var form = h(
      'form',
      {
        class: 'card',
        onsubmit: function (e) {
          e.preventDefault();
          var body = { nameAr: nameAr.value, from: from.value, to: to.value || from.value };
          if (nameEn.value.trim()) body.nameEn = nameEn.value.trim();
          change(api('POST', '/api/admin/holidays', body));
          form.reset();
        },
      },
      h('h2', { text: t('holidays.add') }),
      h(
        'div',
        { class: 'grid' },
        field(t('holidays.nameAr'), nameAr),
        field(t('holidays.nameEn'), nameEn),
        field(t('holidays.col.from'), from),
        field(t('holidays.col.to'), to),
      ),
      h('button', { type: 'submit', class: 'primary', text: t('holidays.addButton') }),
    );
    append(main, [h('p', { text: t('holidays.intro') }), message, list, form]);
    load();
  }

  var ROLES = ['volunteer', 'liaison', 'committee', 'manager', 'board', 'admin', 'coordinator', 'field'];

  function checkGroup(name, options, chosen, legend) {
    return h(
      'fieldset',
      { class: 'checks' },
      h('legend', { text: legend }),
      options.map(function (o) {
        var input = h('input', {
          type: 'checkbox',
          name: name,
          value: o.value,
          id: id(name),
          checked: chosen.indexOf(o.value) >= 0,
        });
        return h('label', { class: 'check', for: input.id }, input, ' ', o.label);
      }),
    );
  }

  function checked(container, name) {
    return Array.prototype.map.call(
      container.querySelectorAll('input[name="' + name + '"]:checked'),
      function (n) {
        return n.value;
      },
    );
  }

  function staffPage() {
    var main = layout(t('staff.title'));
    var message = h('div', { 'aria-live': 'polite' });
    var list = h('div');
    var roleOptions = ROLES.map(function (r) {
      return { value: r, label: label('roles', r) };
    });
    function report(r, okText) {
      clear(message);
      if (!r.ok) return message.appendChild(notice('error', errorText(r)));
      message.appendChild(notice('ok', okText));
      load();
    }
    function load() {
      Promise.all([loadMeta(), api('GET', '/api/admin/staff')]).then(function (all) {
        var r = all[1];
        clear(list);
        if (!r.ok) return list.appendChild(notice('error', errorText(r)));
        var categoryOptions = meta.categories.map(function (c) {
          return { value: c.id, label: named(c.name) };
        });
        r.data.accounts.forEach(function (a) {
          var edit = h(
            'form',
            {
              class: 'card staff',
              onsubmit: function (e) {
                e.preventDefault();
                var telegram = edit.querySelector('[name=telegram]').value.trim();
                api('PATCH', '/api/admin/staff/' + a.id, {
                  displayName: edit.querySelector('[name=displayName]').value,
                  roles: checked(edit, 'roles'),
                  categories: checked(edit, 'categories'),
                  active: edit.querySelector('[name=active]').checked,
                  telegramUserId: telegram ? Number(telegram) : null,
                }).then(function (res) {
                  report(res, t('staff.saved', { id: a.id }));
                });
              },
            },
            h('h2', { dir: 'ltr', text: a.id }),
            h('p', {
              class: 'muted',
              text: a.lastSignInAt
                ? t('staff.lastSignIn', { at: formatTime(a.lastSignInAt) })
                : t('staff.neverSignedIn'),
            }),
            h(
              'div',
              { class: 'grid' },
              field(t('staff.displayName'), h('input', { name: 'displayName', value: a.displayName })),
              field(
                t('staff.telegram'),
                h('input', {
                  name: 'telegram',
                  value: a.telegramUserId || '',
                  inputmode: 'numeric',
                  dir: 'ltr',
                }),
              ),
            ),
            checkGroup('roles', roleOptions, a.roles, t('staff.roles')),
            checkGroup('categories', categoryOptions, a.categories, t('staff.categories')),
            h(
              'label',
              { class: 'check' },
              h('input', { type: 'checkbox', name: 'active', checked: a.active }),
              ' ',
              t('staff.active'),
            ),
            h(
              'div',
              { class: 'row wrap' },
              h('button', { type: 'submit', class: 'primary', text: t('staff.save') }),
              button(t('staff.setPassword'), function () {
                var pw = h('input', { type: 'password', autocomplete: 'new-password', dir: 'ltr' });
                var box = h(
                  'div',
                  { class: 'row wrap' },
                  field(t('staff.newPassword'), pw, t('staff.passwordHint')),
                  button(
                    t('staff.savePassword'),
                    function () {
                      api('POST', '/api/admin/staff/' + a.id + '/password', { password: pw.value }).then(
                        function (res) {
                          report(res, t('staff.passwordSet', { id: a.id }));
                        },
                      );
                    },
                    { class: 'primary' },
                  ),
                );
                edit.appendChild(box);
                pw.focus();
              }),
              button(
                t('staff.signOutEverywhere'),
                function () {
                  api('DELETE', '/api/admin/staff/' + a.id + '/sessions').then(function (res) {
                    report(res, t('staff.signedOut', { id: a.id }));
                  });
                },
                { class: 'quiet' },
              ),
            ),
          );
          list.appendChild(edit);
        });
        var newId = h('input', {
          name: 'id',
          dir: 'ltr',
          required: true,
          pattern: '[a-z][a-z0-9-]*',
          autocapitalize: 'none',
        });
        var newName = h('input', { name: 'displayName', required: true });
        var newTelegram = h('input', { name: 'telegram', inputmode: 'numeric', dir: 'ltr' });
        var newPassword = h('input', {
          name: 'password',
          type: 'password',
          autocomplete: 'new-password',
          dir: 'ltr',
        });
        var add = h(
          'form',
          {
            class: 'card',
            onsubmit: function (e) {
              e.preventDefault();
              var body = {
                id: newId.value.trim(),
                displayName: newName.value.trim(),
                roles: checked(add, 'roles'),
                categories: checked(add, 'categories'),
              };
              if (newTelegram.value.trim()) body.telegramUserId = Number(newTelegram.value.trim());
              if (newPassword.value) body.password = newPassword.value;
              api('POST', '/api/admin/staff', body).then(function (res) {
                report(res, t('staff.created', { id: body.id }));
              });
            },
          },
          h('h2', { text: t('staff.add') }),
          h(
            'div',
            { class: 'grid' },
            field(t('staff.id'), newId, t('staff.idHint')),
            field(t('staff.displayName'), newName),
            field(t('staff.telegram'), newTelegram),
            field(t('staff.password'), newPassword, t('staff.passwordHint')),
          ),
          checkGroup('roles', roleOptions, [], t('staff.roles')),
          checkGroup('categories', categoryOptions, [], t('staff.categories')),
          h('button', { type: 'submit', class: 'primary', text: t('staff.create') }),
        );
        list.appendChild(add);
      });
    }
    append(main, [h('p', { text: t('staff.intro') }), message, list]);
    load();
  }

  function whatsappPage() {
    var main = layout(t('whatsapp.title'));
    var out = h('div', { 'aria-live': 'polite' });
    main.appendChild(out);
    var timer = null;
    function load() {
      api('GET', '/api/admin/whatsapp').then(function (r) {
        clear(out);
        if (!r.ok) return out.appendChild(notice('error', errorText(r)));
        var s = r.data;
        if (!s.configured) return out.appendChild(h('p', { text: t('whatsapp.notConfigured') }));
        out.appendChild(
          h(
            'section',
            { class: 'card' },
            h('p', null, badge(label('whatsapp.state', s.state), s.state === 'ready' ? 'ok' : 'warn')),
            facts([
              [t('whatsapp.since'), formatTime(s.since)],
              s.reason ? [t('whatsapp.reason'), s.reason] : null,
            ]),
            s.qrImage
              ? [
                  h('p', { text: t('whatsapp.scan') }),
                  h('img', { class: 'qr', src: s.qrImage, alt: t('whatsapp.qrAlt') }),
                ]
              : null,
          ),
        );
        clearTimeout(timer);
        timer = setTimeout(load, s.state === 'ready' ? 30000 : 5000);
      });
    }
    load();
  }

  function profilePage() {
    var main = layout(t('profile.title'));
    api('GET', '/api/admin/profile').then(function (r) {
      if (!r.ok) return main.appendChild(notice('error', errorText(r)));
      append(main, [
        h('p', { text: t('profile.intro') }),
        h('pre', {
          class: 'profile',
          dir: 'ltr',
          tabindex: '0',
          text: JSON.stringify(r.data.profile, null, 2),
        }),
      ]);
    });
  }

  function accountPage() {
    var main = layout(t('account.title'));
    var message = h('div', { 'aria-live': 'polite' });
    var current = h('input', {
      type: 'password',
      autocomplete: 'current-password',
      dir: 'ltr',
      required: true,
    });
    var next = h('input', { type: 'password', autocomplete: 'new-password', dir: 'ltr', required: true });
    var form = h(
      'form',
      {
        class: 'card narrow',
        onsubmit: function (e) {
          e.preventDefault();
          api('POST', '/api/auth/password', { current: current.value, next: next.value }).then(function (r) {
            clear(message);
            message.appendChild(r.ok ? notice('ok', t('account.changed')) : notice('error', errorText(r)));
            if (r.ok) form.reset();
          });
        },
      },
      field(t('account.current'), current),
      field(t('account.next'), next, t('staff.passwordHint')),
      h('button', { type: 'submit', class: 'primary', text: t('account.change') }),
    );
    append(main, [h('p', { text: t('account.intro', { id: boot.staff.id }) }), message, form]);
  }

  var PAGES = {
    signin: signInPage,
    forbidden: forbiddenPage,
    cases: casesPage,
    case: casePage,
    intake: intakePage,
    holidays: holidaysPage,
    staff: staffPage,
    whatsapp: whatsappPage,
    profile: profilePage,
    account: accountPage,
  };
  (PAGES[boot.page] || forbiddenPage)();
})();
