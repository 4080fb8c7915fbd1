// Booking at a marriage registry: the registries, days and slots come from the engine (office
// calendars are rule data); the booking request is built by the engine and only shown and
// offered for download: the portal embedding this page submits it.

import { h, replace } from './dom.js';
import { t, pick } from './i18n.js';

const WEEKDAYS = {
  zh: { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' },
  en: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
};

function download(name, obj) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(obj, null, 2)], { type: 'application/json' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The date and time now in Beijing (UTC+8): `{ date: 'YYYY-MM-DD', time: 'HH:MM' }`. */
function beijingNow() {
  const iso = new Date(Date.now() + 8 * 3600 * 1000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Whether the rules in force on `date` let a couple register at any registry in the country. */
function registryAnywhere(engine, region, date) {
  try {
    return engine.registryAnywhere(region || undefined, date).anywhere === true;
  } catch {
    return false;
  }
}

/**
 * The booking section for a household's registration pre-check (shown once it passes).
 * `now` is the moment slots are offered from: Beijing time unless the page was given a date.
 */
export function bookingView(lang, engine, hh, service, from, now = beijingNow()) {
  const box = h('section', { class: 'booking', 'aria-labelledby': 'hm-book' }, h('h3', { id: 'hm-book' }, t(lang, 'bookTitle')));
  const all = engine.registries().filter((r) => r.services.includes(service === 'divorce_registration' ? 'divorce' : 'marriage'));
  const here = hh.region ? all.filter((r) => r.region === hh.region) : all;
  // Which registries the law lets the couple use on that date: the rules say whether any
  // registry may register them (全国通办 from 2025-05-10) or only one where a party's
  // household is registered; the page does not know the law itself.
  const anywhere = registryAnywhere(engine, hh.region, from);
  const list = here.length ? here : anywhere ? all : [];
  if (!list.length) {
    box.append(h('p', {}, t(lang, 'noRegistry')));
    return box;
  }
  if (!here.length) box.append(h('p', { class: 'note' }, t(lang, 'registryElsewhere')));
  const selId = 'hm-registry';
  const sel = h('select', { id: selId }, list.map((r) => h('option', { value: r.id }, pick(lang, r.name))));
  const daysBox = h('div', { class: 'days' });
  const slotsBox = h('div', { class: 'slots' });
  const out = h('div', { class: 'request' });
  const showDays = () => {
    replace(slotsBox);
    replace(out);
    let s;
    // Never a day before today, nor a slot of today that has begun.
    const start = from > now.date ? from : now.date;
    try {
      s = engine.slots(sel.value, start, 30);
    } catch (e) {
      replace(daysBox, h('p', { class: 'error', role: 'alert' }, e.message));
      return;
    }
    const days = s.days
      .map((d) => (d.date === now.date ? { ...d, slots: d.slots.filter((x) => x.start > now.time) } : d))
      .filter((d) => d.slots.length);
    replace(daysBox, h('p', { class: 'note' }, t(lang, 'quotaNote')), h('fieldset', { class: 'choices' }, h('legend', {}, t(lang, 'pickDay')),
      days.map((d) => h('button', {
        type: 'button', class: 'secondary day', 'data-date': d.date,
        onclick: (e) => { for (const b of daysBox.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === e.currentTarget)); showSlots(d); },
        'aria-pressed': 'false',
      }, `${d.date} ${WEEKDAYS[lang === 'en' ? 'en' : 'zh'][d.weekday]}`,
      d.kind === 'make_up_working' ? `（${t(lang, 'makeUp')}）` : '',
      d.special ? `（${pick(lang, d.special)}）` : ''))));
  };
  const showSlots = (day) => {
    replace(out);
    replace(slotsBox, h('fieldset', { class: 'choices' }, h('legend', {}, `${t(lang, 'pickTime')} · ${day.date}`),
      day.slots.map((slot) => h('button', {
        type: 'button', class: 'secondary slot', 'data-start': slot.start,
        onclick: () => showRequest(day, slot),
      }, `${slot.start}–${slot.end}`))));
  };
  const showRequest = (day, slot) => {
    const registry = list.find((r) => r.id === sel.value);
    let req;
    try {
      req = engine.bookingRequest(hh, service, sel.value, day.date, slot.start);
    } catch (e) {
      replace(out, h('p', { class: 'error', role: 'alert' }, e.message));
      return;
    }
    // In words for the resident; the request itself (JSON) only for the portal, as a download.
    replace(out, h('h4', {}, t(lang, 'request')),
      h('p', { class: 'booked' }, `${pick(lang, req.registry_name)} · ${req.date} ${req.start}–${req.end}`),
      // The address only where the rules carry a published one; never a guessed address or phone.
      registry?.address ? h('p', { class: 'address' }, t(lang, 'address'), pick(lang, registry.address))
        : h('p', { class: 'address' }, t(lang, 'noAddress')),
      h('p', { class: 'notice' }, t(lang, 'notBookedYet')),
      h('button', { type: 'button', class: 'secondary', onclick: () => download('booking-request.json', req) }, t(lang, 'downloadRequest')));
    out.querySelector('h4')?.scrollIntoView?.({ block: 'nearest' });
  };
  sel.addEventListener('change', showDays);
  box.append(h('div', { class: 'field' }, h('label', { for: selId }, t(lang, 'registry')), sel), daysBox, slotsBox, out);
  showDays();
  return box;
}
