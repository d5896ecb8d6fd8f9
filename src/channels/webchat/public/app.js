/*
 * Tawasul web chat page: plain JavaScript, no build step, no dependencies. It talks to the documented
 * API beside it (docs/channels/webchat.md). Every visible text comes from `api/texts` (locales/*.json,
 * keys webchat.*); nothing a person reads is written in this file.
 */
(function () {
  'use strict';

  var API = new URL('api/', document.baseURI).href;
  var STORE = { session: 'tawasul.webchat.session', lang: 'tawasul.webchat.lang' };
  var POLL_MS = 3000;
  var query = new URLSearchParams(location.search);
  var embedded = query.get('embed') === '1';

  var state = {
    lang: 'ar',
    texts: {},
    association: '',
    uploads: { maxBytes: 10 * 1024 * 1024, mimeTypes: [] },
    sessionId: null,
    lastSeq: 0,
    shown: new Set(),
    events: null,
    pollTimer: null,
  };

  var el = {
    log: document.getElementById('log'),
    status: document.getElementById('status'),
    form: document.getElementById('composer'),
    input: document.getElementById('input'),
    file: document.getElementById('file'),
    attach: document.getElementById('attach'),
    send: document.getElementById('send'),
    forget: document.getElementById('forget'),
  };

  // ---- storage (may be unavailable: private modes, blocked third-party storage) ----

  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch {
      /* the conversation still works; it just will not survive a reload */
    }
  }

  // ---- texts and language ----

  function t(key, params) {
    var value = key.split('.').reduce(function (node, part) {
      return node && typeof node === 'object' ? node[part] : undefined;
    }, state.texts);
    // A key the locales lack shows nothing rather than a key (the locale tests forbid it anyway).
    var text = typeof value === 'string' ? value : '';
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_, name) {
      return params && params[name] !== undefined ? String(params[name]) : '';
    });
  }

  function initialLanguage() {
    var wanted = query.get('lang') || stored(STORE.lang);
    if (wanted === 'ar' || wanted === 'en') return wanted;
    var preferred =
      navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < preferred.length; i++) {
      var code = String(preferred[i] || '').toLowerCase();
      if (code.indexOf('ar') === 0) return 'ar';
      if (code.indexOf('en') === 0) return 'en';
    }
    return 'ar';
  }

  function loadTexts(lang) {
    return fetch(API + 'texts?lang=' + lang)
      .then(function (res) {
        if (!res.ok) throw new Error('texts ' + res.status);
        return res.json();
      })
      .then(function (body) {
        state.lang = body.lang;
        state.texts = body.texts;
        state.association = body.association;
        state.uploads = body.uploads;
        applyTexts(body.dir);
      });
  }

  function applyTexts(dir) {
    var root = document.documentElement;
    root.lang = state.lang;
    root.dir = dir;
    document.title = t('title', { association: state.association });
    document.querySelectorAll('[data-text]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-text'), { association: state.association });
    });
    document.querySelectorAll('[data-placeholder]').forEach(function (node) {
      node.setAttribute('placeholder', t(node.getAttribute('data-placeholder')));
    });
    document.querySelectorAll('[data-label]').forEach(function (node) {
      var label = t(node.getAttribute('data-label'));
      node.setAttribute('aria-label', label);
      node.setAttribute('title', label);
    });
    document.querySelectorAll('[data-who]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-who')) + ': ';
    });
    document.querySelectorAll('.choices').forEach(function (node) {
      node.setAttribute('aria-label', t('choices'));
    });
    el.log.setAttribute('aria-label', t('logLabel'));
    el.file.setAttribute('accept', state.uploads.mimeTypes.join(','));
  }

  /** The conversation's language is the person's choice in the chat: the page follows it. */
  function followLanguage(lang) {
    if ((lang !== 'ar' && lang !== 'en') || lang === state.lang) return Promise.resolve();
    store(STORE.lang, lang);
    return loadTexts(lang).catch(function () {
      /* keep the current texts; the next reply tries again */
    });
  }

  function showStatus(key, params) {
    el.status.textContent = key ? t(key, params) : '';
  }

  // ---- HTTP ----

  function request(method, path, body, headers) {
    var init = { method: method, headers: headers || {} };
    if (body !== undefined) {
      if (body instanceof Blob) {
        init.body = body;
      } else {
        init.body = JSON.stringify(body);
        init.headers['content-type'] = 'application/json';
      }
    }
    return fetch(API + path, init).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (json) {
          return { status: res.status, body: json };
        });
    });
  }

  /** Posts with the same client id until it is taken (network errors and 5xx are retried; the id dedupes). */
  function post(path, body, headers) {
    var attempt = 0;
    function go() {
      return request('POST', path, body, headers).then(
        function (res) {
          if (res.status >= 500 && attempt < 3) return retry();
          return res;
        },
        function (err) {
          if (attempt < 3) return retry();
          throw err;
        },
      );
    }
    function retry() {
      attempt += 1;
      return new Promise(function (resolve) {
        setTimeout(resolve, 700 * attempt);
      }).then(go);
    }
    return go();
  }

  function newId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      })
      .join('');
  }

  function sessionPath(rest) {
    return 'sessions/' + encodeURIComponent(state.sessionId) + '/' + rest;
  }

  // ---- rendering ----

  function bubble(who) {
    var node = document.createElement('div');
    node.className = 'msg ' + who;
    var label = document.createElement('span');
    label.className = 'visually-hidden';
    label.setAttribute('data-who', who === 'bot' ? 'bot' : 'you');
    label.textContent = t(who === 'bot' ? 'bot' : 'you') + ': ';
    node.appendChild(label);
    return node;
  }

  function paragraph(text) {
    var p = document.createElement('p');
    p.setAttribute('dir', 'auto');
    p.textContent = text;
    return p;
  }

  function append(node) {
    var atEnd = el.log.scrollHeight - el.log.scrollTop - el.log.clientHeight < 80;
    el.log.appendChild(node);
    if (atEnd || node.classList.contains('visitor')) el.log.scrollTop = el.log.scrollHeight;
  }

  function visitorText(entry) {
    if (entry.media && entry.media.length) {
      return t('sentFile', { name: entry.media[0].fileName || entry.media[0].mimeType || '' });
    }
    if (entry.location) {
      return t('sentLocation', {
        latitude: entry.location.latitude.toFixed(5),
        longitude: entry.location.longitude.toFixed(5),
      });
    }
    return entry.text || entry.choiceId || '';
  }

  function renderVisitor(entry, pending) {
    if (state.shown.has(entry.id)) return null;
    state.shown.add(entry.id);
    var node = bubble('visitor');
    if (pending) node.classList.add('pending');
    node.appendChild(paragraph(visitorText(entry)));
    append(node);
    return node;
  }

  function disableOlderChoices() {
    el.log.querySelectorAll('.choices button').forEach(function (button) {
      button.disabled = true;
    });
  }

  function renderBot(message) {
    var node = bubble('bot');
    switch (message.kind) {
      case 'text':
        node.appendChild(paragraph(message.text));
        break;
      case 'choices': {
        disableOlderChoices();
        node.appendChild(paragraph(message.text));
        var group = document.createElement('div');
        group.className = 'choices';
        group.setAttribute('role', 'group');
        group.setAttribute('aria-label', t('choices'));
        message.choices.forEach(function (choice) {
          var button = document.createElement('button');
          button.type = 'button';
          button.textContent = choice.label;
          button.setAttribute('dir', 'auto');
          button.addEventListener('click', function () {
            sendChoice(choice, group);
          });
          group.appendChild(button);
        });
        node.appendChild(group);
        break;
      }
      case 'document': {
        if (message.caption) node.appendChild(paragraph(message.caption));
        var link = document.createElement('a');
        link.className = 'action';
        link.href = API + sessionPath('documents/' + encodeURIComponent(message.ref));
        link.setAttribute('download', message.fileName);
        link.textContent = t('download', { name: message.fileName });
        node.appendChild(link);
        break;
      }
      case 'location-request': {
        node.appendChild(paragraph(message.text));
        var share = document.createElement('button');
        share.type = 'button';
        share.className = 'action';
        share.setAttribute('data-text', 'shareLocation');
        share.textContent = t('shareLocation');
        share.addEventListener('click', shareLocation);
        node.appendChild(share);
        break;
      }
      default:
        return;
    }
    append(node);
  }

  function receive(batch) {
    (batch.messages || []).forEach(function (delivery) {
      if (delivery.seq <= state.lastSeq) return;
      state.lastSeq = delivery.seq;
      renderBot(delivery.message);
    });
    return followLanguage(batch.language);
  }

  // ---- sending ----

  function refused(res) {
    if (res.status === 429) return 'status.rateLimited';
    if (res.status === 413) return 'status.tooLarge';
    if (res.status === 415) return 'status.badType';
    return res.status === 202 ? null : 'status.sendFailed';
  }

  function sendMessage(fields, shownAs) {
    var id = newId();
    var node = renderVisitor(Object.assign({ id: id }, shownAs), true);
    var body = Object.assign({ clientMessageId: id, language: state.lang }, fields);
    return post(sessionPath('messages'), body)
      .then(function (res) {
        var problem = refused(res);
        if (problem) throw problem;
        if (node) node.classList.remove('pending');
        showStatus(null);
        // Without server-sent events, look for the reply soon rather than at the next tick.
        if (state.pollTimer) setTimeout(poll, 500);
        return true;
      })
      .catch(function (problem) {
        if (node) node.remove();
        state.shown.delete(id);
        showStatus(typeof problem === 'string' ? problem : 'status.sendFailed', limitsParams());
        return false;
      });
  }

  function sendChoice(choice, group) {
    var buttons = group.querySelectorAll('button');
    buttons.forEach(function (b) {
      b.disabled = true;
    });
    sendMessage({ choiceId: choice.id, text: choice.label }, { text: choice.label }).then(function (ok) {
      if (!ok)
        buttons.forEach(function (b) {
          b.disabled = false;
        });
      el.input.focus();
    });
  }

  function sendTyped() {
    var text = el.input.value.trim();
    if (!text) return;
    el.input.value = '';
    sendMessage({ text: text }, { text: text }).then(function (ok) {
      if (!ok && !el.input.value) el.input.value = text;
    });
  }

  function limitsParams() {
    return { maxMb: Math.round((state.uploads.maxBytes / 1048576) * 10) / 10 };
  }

  function upload(file) {
    if (file.size > state.uploads.maxBytes) return showStatus('status.tooLarge', limitsParams());
    if (file.type && state.uploads.mimeTypes.indexOf(file.type) < 0) return showStatus('status.badType');
    var id = newId();
    var node = renderVisitor({ id: id, media: [{ fileName: file.name, mimeType: file.type }] }, true);
    showStatus('status.uploading');
    return post(sessionPath('uploads'), file, {
      'content-type': file.type || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
      'x-client-message-id': id,
    })
      .then(function (res) {
        var problem = refused(res);
        if (problem) throw problem;
        if (node) node.classList.remove('pending');
        showStatus(null);
      })
      .catch(function (problem) {
        if (node) node.remove();
        state.shown.delete(id);
        showStatus(typeof problem === 'string' ? problem : 'status.sendFailed', limitsParams());
      });
  }

  function shareLocation() {
    if (!navigator.geolocation) return showStatus('status.locationUnavailable');
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var location = { latitude: position.coords.latitude, longitude: position.coords.longitude };
        sendMessage({ location: location }, { location: location });
      },
      function () {
        showStatus('status.locationUnavailable');
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  }

  // ---- receiving: server-sent events, polling while they are down ----

  function poll() {
    return request('GET', sessionPath('messages?after=' + state.lastSeq))
      .then(function (res) {
        if (res.status === 200) return receive(res.body);
      })
      .catch(function () {
        showStatus('status.offline');
      });
  }

  function startPolling() {
    if (state.pollTimer) return;
    state.pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    clearInterval(state.pollTimer);
    state.pollTimer = null;
  }

  function listen() {
    if (state.events) state.events.close();
    if (!window.EventSource) return startPolling();
    var events = new EventSource(API + sessionPath('events?after=' + state.lastSeq));
    state.events = events;
    events.addEventListener('messages', function (e) {
      receive(JSON.parse(e.data));
    });
    events.onopen = function () {
      stopPolling();
      if (el.status.textContent === t('status.offline')) showStatus(null);
    };
    events.onerror = function () {
      // The browser reconnects by itself (with Last-Event-ID); until then, and for good if it gave up, poll.
      startPolling();
    };
  }

  // ---- the session ----

  function openSession() {
    var existing = stored(STORE.session);
    if (existing) {
      state.sessionId = existing;
      return request('GET', sessionPath('history')).then(function (res) {
        if (res.status !== 200) throw new Error('history ' + res.status);
        return showHistory(res.body).then(function () {
          return res.body.entries.length === 0;
        });
      });
    }
    return request('POST', 'sessions', {}).then(function (res) {
      if (res.status === 429) {
        // Too many new chats from this network (ERR_TOO_MANY_SESSIONS): say so, and wait as asked.
        var busy = new Error('session 429');
        busy.status = 'status.tooManySessions';
        busy.waitMs = Math.max(5000, ((res.body && res.body.retryAfterSeconds) || 0) * 1000);
        throw busy;
      }
      if (res.status !== 201) throw new Error('session ' + res.status);
      state.sessionId = res.body.sessionId;
      store(STORE.session, state.sessionId);
      return true;
    });
  }

  function showHistory(history) {
    history.entries.forEach(function (entry) {
      if (entry.from === 'visitor') return renderVisitor(entry, false);
      if (entry.seq > state.lastSeq) state.lastSeq = entry.seq;
      renderBot(entry.message);
    });
    state.lastSeq = Math.max(state.lastSeq, history.lastSeq || 0);
    return followLanguage(history.language);
  }

  function begin() {
    showStatus('status.connecting');
    return openSession()
      .then(function (fresh) {
        showStatus(null);
        listen();
        // A new conversation opens with a greeting, so the service answers with its first question.
        if (fresh) return sendMessage({ text: t('opening') }, { text: t('opening') });
      })
      .catch(function (err) {
        showStatus((err && err.status) || 'status.offline');
        setTimeout(begin, (err && err.waitMs) || 5000);
      });
  }

  function forget() {
    if (!window.confirm(t('forgetConfirm'))) return;
    if (state.events) state.events.close();
    stopPolling();
    store(STORE.session, null);
    state.sessionId = null;
    state.lastSeq = 0;
    state.shown = new Set();
    el.log.textContent = '';
    begin();
  }

  // ---- wiring ----

  el.form.addEventListener('submit', function (e) {
    e.preventDefault();
    sendTyped();
  });
  el.input.addEventListener('keydown', function (e) {
    // Enter sends, Shift+Enter is a new line; not while an input method is composing a word.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendTyped();
    }
  });
  el.attach.addEventListener('click', function () {
    el.file.click();
  });
  el.file.addEventListener('change', function () {
    var file = el.file.files && el.file.files[0];
    el.file.value = '';
    if (file) upload(file);
  });
  el.forget.addEventListener('click', forget);

  if (embedded) {
    document.documentElement.classList.add('embedded');
    // In the widget's frame: Escape closes the panel, and opening it puts the cursor in the box.
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') window.parent.postMessage({ type: 'tawasul:close' }, '*');
    });
    window.addEventListener('message', function (e) {
      if (e.data && e.data.type === 'tawasul:focus') el.input.focus();
    });
  }

  function start() {
    loadTexts(initialLanguage()).then(begin, function () {
      // Without texts there is nothing to show yet, not even an error: try again shortly.
      setTimeout(start, 5000);
    });
  }

  start();
})();
