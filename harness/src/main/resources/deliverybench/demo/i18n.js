// Every label of the classroom page in English and Chinese; the strategies' own texts come from their packages.
export const TEXTS = {
  en: {
    'title': 'How does a new message reach its user?',
    'subtitle': 'Each panel is a phone of its own user; this browser is every one of them. Send a message and watch how each one learns of it.',
    'switch': '中文',
    'send.heading': 'Send a message',
    'send.to': 'To',
    'send.to.placeholder': 'every panel (leave empty) or a user id',
    'send.body': 'Message',
    'send.body.placeholder': 'Hello, class!',
    'send.button': 'Send',
    'send.bytes': '{n} of {max} bytes',
    'send.ok': 'accepted: {what}',
    'send.refused': 'refused by the server: {what}',
    'auto.heading': 'Automatic sender',
    'auto.rate': 'messages per second',
    'auto.start': 'Start',
    'auto.stop': 'Stop',
    'auto.sent': 'sent',
    'auto.errors': 'send errors',
    'knobs.heading': 'Knobs',
    'knobs.interval': 'short poll interval',
    'knobs.wait': 'long poll wait',
    'kind.pull': 'pull: the phone asks',
    'kind.push': 'push: the server sends',
    'counter.received': 'messages received',
    'counter.requests': 'requests made',
    'counter.requests.push': 'connections opened',
    'counter.empty': 'empty answers',
    'counter.emptyRatio': 'empty ratio',
    'counter.requestsPerSecond': 'requests per second',
    'counter.wire': 'bytes on the wire (server)',
    'counter.wirePerMessage': 'wire bytes per message',
    'counter.p50': 'latency p50',
    'counter.max': 'latency max',
    'counter.order': 'order',
    'counter.serverRequests': 'connections (server)',
    'counter.serverDelivered': 'messages delivered (server)',
    'counter.open': 'open connections (server)',
    'order.ok': 'every one, in order',
    'order.bad': '{gaps} missing, {repeats} repeated',
    'knobs.radio': 'phone radio model',
    'radio.lte': 'LTE (Huang et al. 2012)',
    'radio.3g': '3G (Qian et al. 2010)',
    'radio.state.idle': 'idle',
    'radio.state.promotion': 'waking up',
    'radio.state.connected': 'connected',
    'radio.state.tail': 'tail',
    'battery.title': 'Radio battery ({model})',
    'battery.day': 'a day at this rate: {percent}% of a 15 Wh battery (flat in {hours} h)',
    'battery.used': '{j} J in {s} s (radio on {on} s): {perHour} J an hour; theory at these settings {theory} J an hour',
    'why.poll.awake': 'A poll every {every} wakes the radio and each keeps it on for a {tail} tail, so it never sleeps, letters or not.',
    'why.poll.sleeps': 'A poll every {every} wakes the radio and each keeps it on for a {tail} tail, so it sleeps only {gap} of every {every}, letters or not.',
    'why.quiet.awake': 'Each letter wakes the radio, and so does the server\'s line after {silence} of quiet (an empty answer, a keep-alive), inside the {tail} tail: it never sleeps.',
    'why.quiet.sleeps': 'Each letter wakes the radio, and so does the server\'s line after {silence} of quiet (an empty answer, a keep-alive); in between it sleeps once the {tail} tail is over.',
    'why.heartbeat': 'Each letter and each heartbeat every {every} wakes the radio; in between it sleeps once the {tail} tail is over.',
    'why.push': 'Only letters wake the radio: in between it sleeps once the {tail} tail is over.',
    'why.busy': 'Each letter wakes the radio, and at {rate} a second they come every {gap}, inside the {tail} tail: it never sleeps.',
    'lane.request': 'asks',
    'lane.empty': 'nothing new',
    'lane.delivery': 'letters',
    'status.connecting': 'connecting…',
    'status.inProcess': 'a client inside the demo process',
    'status.connected': 'connected',
    'status.waiting': 'held at the server, waiting for a letter',
    'status.resumed': 'resumed after #{after}',
    'status.gone': 'the server restarted (410): resuming after #{after}',
    'messages.empty': 'no message yet',
    'footer.bytes': 'Bytes on the wire are the server\'s /stats counters for the strategy (headers, framing and every client of it included), since this page opened; latency is measured by this page from the time stamped in each message when it was scheduled.',
    'footer.battery': 'Radio battery: each panel\'s own timeline (its asks, answers and letters, with the server\'s byte counts shared among them) run through the radio model of run --radio: LTE after Huang et al. (MobiSys 2012), 3G after Qian et al. (IMC 2010), parameters from AT&T\'s ARO. The radio alone, from when this page opened, extrapolated to a day of a phone with a 15 Wh battery.',
    'footer.resume': 'Each panel keeps its place (epoch and last seq) in this browser: close the page, send, open it again, and nothing is lost.',
  },
  zh: {
    'title': '一条新消息是怎样到达用户的？',
    'subtitle': '每个面板是一个用户的手机；这个浏览器同时扮演所有这些手机。发一条消息，看看每个面板怎样得知。',
    'switch': 'English',
    'send.heading': '发送消息',
    'send.to': '收信人',
    'send.to.placeholder': '所有面板（留空）或一个用户 id',
    'send.body': '消息',
    'send.body.placeholder': '同学们好！',
    'send.button': '发送',
    'send.bytes': '{n} / {max} 字节',
    'send.ok': '已接受：{what}',
    'send.refused': '服务器拒绝：{what}',
    'auto.heading': '自动发送',
    'auto.rate': '每秒消息数',
    'auto.start': '开始',
    'auto.stop': '停止',
    'auto.sent': '已发送',
    'auto.errors': '发送错误',
    'knobs.heading': '参数',
    'knobs.interval': '短轮询间隔',
    'knobs.wait': '长轮询等待',
    'kind.pull': '拉：手机去问',
    'kind.push': '推：服务器送来',
    'counter.received': '收到的消息',
    'counter.requests': '发出的请求',
    'counter.requests.push': '建立的连接',
    'counter.empty': '空回答',
    'counter.emptyRatio': '空回答比例',
    'counter.requestsPerSecond': '每秒请求数',
    'counter.wire': '线路上的字节（服务器统计）',
    'counter.wirePerMessage': '每条消息的线路字节',
    'counter.p50': '延迟 p50',
    'counter.max': '最大延迟',
    'counter.order': '顺序',
    'counter.serverRequests': '连接数（服务器）',
    'counter.serverDelivered': '送达的消息（服务器）',
    'counter.open': '打开的连接（服务器）',
    'order.ok': '全部收到，顺序正确',
    'order.bad': '缺少 {gaps} 条，重复 {repeats} 条',
    'knobs.radio': '手机无线电模型',
    'radio.lte': 'LTE（Huang 等，2012）',
    'radio.3g': '3G（Qian 等，2010）',
    'radio.state.idle': '空闲',
    'radio.state.promotion': '正在唤醒',
    'radio.state.connected': '连接态',
    'radio.state.tail': '拖尾',
    'battery.title': '无线电耗电（{model}）',
    'battery.day': '照此速度一天：15 Wh 电池的 {percent}%（{hours} 小时耗尽）',
    'battery.used': '{s} 秒内 {j} 焦（无线电开着 {on} 秒）：每小时 {perHour} 焦；按当前设置理论值每小时 {theory} 焦',
    'why.poll.awake': '每 {every} 一次轮询都会唤醒无线电，每次之后还要开着 {tail} 的拖尾，所以它从不休眠，有信没信都一样。',
    'why.poll.sleeps': '每 {every} 一次轮询都会唤醒无线电，每次之后还要开着 {tail} 的拖尾，所以每 {every} 里只睡 {gap}，有信没信都一样。',
    'why.quiet.awake': '每封信都会唤醒无线电，安静 {silence} 后服务器发来的那一行（空回答或保活）也会，而它落在 {tail} 的拖尾之内：无线电从不休眠。',
    'why.quiet.sleeps': '每封信都会唤醒无线电，安静 {silence} 后服务器发来的那一行（空回答或保活）也会；其间拖尾 {tail} 过后它就休眠。',
    'why.heartbeat': '每封信和每 {every} 一次的心跳都会唤醒无线电；其间拖尾 {tail} 过后它就休眠。',
    'why.push': '只有来信才唤醒无线电：其间拖尾 {tail} 过后它就休眠。',
    'why.busy': '每封信都会唤醒无线电，每秒 {rate} 封就是每 {gap} 一封，落在 {tail} 的拖尾之内：无线电从不休眠。',
    'lane.request': '去问',
    'lane.empty': '没有新信',
    'lane.delivery': '收到信',
    'status.connecting': '连接中…',
    'status.inProcess': '演示进程里的客户端',
    'status.connected': '已连接',
    'status.waiting': '请求被服务器挂起，等信中',
    'status.resumed': '从 #{after} 之后继续',
    'status.gone': '服务器重启了（410）：从 #{after} 之后继续',
    'messages.empty': '还没有消息',
    'footer.bytes': '线路字节取自服务器 /stats 中该方式的计数（含报头、帧和该方式的所有客户端），从本页打开时算起；延迟由本页测量，从每条消息里记下的计划发送时间算起。',
    'footer.battery': '无线电耗电：每个面板自己的时间线（它的请求、回答和来信，按服务器统计的字节分摊）交给 run --radio 的同一个无线电模型计算：LTE 依 Huang 等（MobiSys 2012），3G 依 Qian 等（IMC 2010），参数取自 AT&T 的 ARO。只算无线电，从本页打开时算起，换算成一部 15 Wh 电池的手机一天的耗电。',
    'footer.resume': '每个面板把自己的位置（epoch 和最后的 seq）保存在这个浏览器里：关掉页面、发消息、再打开，一条也不会丢。',
  },
};

let language = localStorage.getItem('deliverybench.demo.language') || 'en';

export function lang() {
  return language;
}

export function setLang(next) {
  language = next;
  localStorage.setItem('deliverybench.demo.language', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

/** The label of that key in the page's language, with {name} filled from values. */
export function t(key, values = {}) {
  const text = TEXTS[language][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

/** A strategy's own text ({en, zh}) in the page's language. */
export function pick(texts, fallback) {
  return (texts && (texts[language] || texts.en)) || fallback;
}

/** Sets every element's data-i18n text and data-i18n-placeholder placeholder. */
export function apply(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-placeholder]')) element.placeholder = t(element.dataset.i18nPlaceholder);
}
