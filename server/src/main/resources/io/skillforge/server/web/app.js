'use strict';
// The Skillforge page: the job list, kept live by the server's events (/events), the skill-gap
// report form, and links to the reports jobs made. Only this origin is used; every text from the
// server goes into the page as text, never as markup.
(function () {
  const FINISHED = ['succeeded', 'failed', 'cancelled'];
  const rows = new Map();
  let waitingReport = null;

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      e.setAttribute(k, v);
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (response.status === 401) {
      window.location.reload();
      throw new Error('not signed in');
    }
    const body = await response.json();
    return { status: response.status, body: body };
  }

  function number(n, digits) {
    return n === undefined || n === null ? '' : n.toLocaleString('en', { maximumFractionDigits: digits });
  }

  function eta(seconds) {
    if (seconds === undefined || seconds === null) {
      return '';
    }
    if (seconds < 60) {
      return Math.round(seconds) + ' s';
    }
    const m = Math.floor(seconds / 60);
    return m < 60 ? m + ' min ' + Math.round(seconds % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function row(job) {
    let tr = rows.get(job.id);
    if (!tr) {
      tr = el('tr', { 'data-job': job.id });
      tr.append(el('td', { class: 'id' }), el('td', { class: 'kind' }), el('td', { class: 'state' }),
        el('td', { class: 'node' }), el('td', { class: 'stage' }), el('td', { class: 'progress' }), el('td', { class: 'rate num' }),
        el('td', { class: 'eta num' }), el('td', { class: 'calls num' }), el('td', { class: 'cost num' }),
        el('td', { class: 'created' }));
      const link = el('a', { href: '/jobs/' + job.id }, job.id);
      tr.querySelector('.id').append(link);
      const body = document.getElementById('job-rows');
      body.insertBefore(tr, body.firstChild);
      rows.set(job.id, tr);
      document.getElementById('no-jobs').hidden = true;
    }
    if (job.kind) {
      tr.querySelector('.kind').textContent = job.kind;
    }
    if (job.node) {
      // in a cluster: the node that runs the job (it changes when another node takes the job over)
      tr.querySelector('.node').textContent = job.node;
    }
    if (job.createdAt) {
      tr.querySelector('.created').textContent = new Date(job.createdAt).toLocaleString();
    }
    return tr;
  }

  function setState(tr, state) {
    tr.querySelector('.state').textContent = state;
    tr.className = state;
    tr.setAttribute('data-state', state);
  }

  function setProgress(tr, p) {
    tr.querySelector('.stage').textContent = p.stage;
    const cell = tr.querySelector('.progress');
    cell.textContent = '';
    const bar = el('progress', { max: String(Math.max(p.total, 1)), value: String(p.done) });
    if (p.total < 0) {
      bar.removeAttribute('value');
    }
    cell.append(bar, el('span', { class: 'count' }, p.done + (p.total >= 0 ? ' / ' + p.total : '') + ' ' + p.unit));
    tr.setAttribute('data-done', String(p.done));
    tr.querySelector('.rate').textContent = p.rate ? number(p.rate, 1) + ' /s' : '';
    tr.querySelector('.eta').textContent = eta(p.etaSeconds);
    if (p.teacher) {
      tr.querySelector('.calls').textContent = number(p.teacher.calls, 0);
      tr.querySelector('.cost').textContent = '$' + number(p.teacher.costDollars, 4);
    }
  }

  function show(job) {
    const tr = row(job);
    setState(tr, job.state);
    const progress = job.progress || [];
    if (progress.length > 0) {
      setProgress(tr, Object.assign({ teacher: job.teacher }, progress[progress.length - 1]));
    }
    for (const artifact of job.artifacts || []) {
      if (artifact.name.endsWith('.html') && job.kind !== 'skill-gaps') {
        addReport(job.kind + ' ' + job.id + ': ' + artifact.name, artifact.url);
      }
    }
    if (job.kind === 'skill-gaps' && job.state === 'succeeded' && job.result && job.result.url) {
      addReport('skill gaps of ' + job.result.student + ' on ' + job.result.dataset + ' (' + job.id + ')',
        job.result.url + '&format=html');
    }
  }

  function addReport(title, url) {
    const list = document.getElementById('report-list');
    if (list.querySelector('a[href="' + CSS.escape(url) + '"]')) {
      return;
    }
    const empty = list.querySelector('.empty');
    if (empty) {
      empty.remove();
    }
    const item = el('li');
    item.append(el('a', { href: url, class: 'report-link' }, title));
    list.insertBefore(item, list.firstChild);
  }

  async function refreshJob(id) {
    const answer = await getJson('/jobs/' + encodeURIComponent(id));
    if (answer.status === 200) {
      show(answer.body);
      if (waitingReport && waitingReport.job === id && FINISHED.includes(answer.body.state)) {
        reportReady(answer.body);
      }
    }
  }

  function listen() {
    const live = document.getElementById('live');
    const source = new EventSource('/events');
    source.onopen = () => live.classList.add('on');
    source.onerror = () => live.classList.remove('on');
    source.addEventListener('state', (e) => {
      const event = JSON.parse(e.data);
      const known = rows.has(event.job);
      const tr = row({ id: event.job, kind: event.kind, node: event.node });
      setState(tr, event.state);
      if (!known || FINISHED.includes(event.state)) {
        refreshJob(event.job);
      }
    });
    source.addEventListener('progress', (e) => {
      const event = JSON.parse(e.data);
      setProgress(row({ id: event.job, kind: event.kind, node: event.node }), event);
    });
  }

  function status(text, error) {
    const p = document.getElementById('skill-gap-status');
    p.textContent = text;
    p.classList.toggle('error', Boolean(error));
  }

  function reportReady(job) {
    const url = waitingReport.url;
    waitingReport = null;
    if (job.state !== 'succeeded') {
      status('The report job ' + job.id + ' ' + job.state + ': ' + (job.error ? job.error.detail : ''), true);
      return;
    }
    showReportLink(url);
  }

  function showReportLink(url) {
    const p = document.getElementById('skill-gap-status');
    p.textContent = 'Report ready: ';
    p.classList.remove('error');
    p.append(el('a', { href: url + '&format=html', id: 'skill-gap-link' }, 'open the report'));
  }

  async function requestReport(event) {
    event.preventDefault();
    const student = document.getElementById('student').value;
    const dataset = document.getElementById('dataset').value;
    if (!student || !dataset) {
      status('Choose a student and a dataset first.', true);
      return;
    }
    const url = '/students/' + encodeURIComponent(student) + '/skill-gaps?dataset=' + encodeURIComponent(dataset);
    status('Asking for the report of ' + student + ' on ' + dataset + '...');
    const answer = await getJson(url);
    if (answer.status === 200) {
      showReportLink(url);
    } else if (answer.status === 202) {
      waitingReport = { job: answer.body.job.id, url: url };
      show(answer.body.job);
      status('Probing ' + student + ' on ' + dataset + ': job ' + answer.body.job.id + ' (its progress is below).');
      refreshJob(answer.body.job.id);
    } else {
      status(answer.body.detail || ('The server answered ' + answer.status), true);
    }
  }

  function fill(select, names) {
    select.textContent = '';
    for (const name of names) {
      select.append(el('option', { value: name }, name));
    }
  }

  async function start() {
    document.getElementById('skill-gap-form').addEventListener('submit', requestReport);
    listen();
    const [jobs, students, datasets] = await Promise.all([getJson('/jobs?limit=100'), getJson('/students'),
      getJson('/datasets')]);
    for (const job of jobs.body.jobs.slice().reverse()) {
      show(job);
      if (!FINISHED.includes(job.state)) {
        refreshJob(job.id);
      }
    }
    fill(document.getElementById('student'), students.body.students.map((s) => s.name));
    fill(document.getElementById('dataset'), datasets.body.datasets.map((d) => d.name));
    document.body.setAttribute('data-ready', 'true');
  }

  start().catch((e) => status('The page could not load: ' + e.message, true));
})();
