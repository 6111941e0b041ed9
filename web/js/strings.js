// strings.js — the page's own words (its chrome: buttons, headings, hints, messages), in Chinese and
// English, one entry per string: the one owner of every string the page shows that is not the pack's
// (questions, options and groups carry their own {zh, en}) or the engine's (plans, documents, packet
// checks: Chinese, as the law requires, in both languages).
//
// makeStrings(lang) → t: t(key, ...args) is the string in that language (an entry may be a function
// of its arguments); t.label({zh, en}) picks a pack label; t.lang is 'zh' or 'en'.
// The element's `lang` attribute (or the page's switch, kept in localStorage) chooses the language;
// Chinese is the default.
export const LANGS = ['zh', 'en'];

const STRINGS = {
  zh: {
    appTitle: '移送助手',
    subtitle: (number, version) => ` · ${number} · ${version} 版`,
    loading: '正在加载规则引擎…',
    noQuestions: '本工具缺少问卷，无法使用。',
    engineKept: '已填写的回答仍保存在本浏览器中，可用上方的“导出”保存为文件，换用上述浏览器后“导入”继续填写。',
    langSwitch: '语言',
    engineNote: '',
    // drafts bar
    drafts: '草稿',
    draftNew: '新建',
    draftExport: '导出',
    draftImport: '导入',
    draftRename: '重命名',
    draftDelete: '删除',
    // plan panel
    planTitle: '移送计划',
    planPending: (left) => `回答问题后，这里会即时显示由谁处理、向谁移送、依据哪一条款、何时到期。（尚有 ${left} 项待补充）`,
    planAnnounce: (name, n) => `移送计划已更新：由${name}处理，共 ${n} 个步骤。`,
    planAnnounceNoHandler: '移送计划已更新：未能确定处理机关。',
    handlerLabel: '处理（处罚）机关：',
    why: '为什么？依据 ',
    noHandler: '未能确定处理机关，请人工判断。',
    steps: '步骤',
    warnings: '提示',
    ambiguities: '条文歧义',
    packVersion: (number, version) => `${number} · ${version} 版`,
    yes: '是',
    no: '否',
    colon: '：',
    // pages
    progress: (n, total) => `第 ${n} 步，共 ${total} 步`,
    back: '上一步',
    next: '下一步',
    errorSummary: '请更正以下问题',
    errorPrefix: '错误：',
    answerMissing: (label) => `请回答“${label}”`,
    dateWrong: (label, message) => `“${label}”：${message}`,
    choose: '请选择',
    beijingTime: '北京时间',
    unsupportedType: (type) => `不支持的问题类型 ${type}`,
    checkTitle: '核对您的回答',
    notAnswered: '未填写',
    none: '无',
    change: '更改',
    notInCatalogue: '目录中没有此事项',
    confirm: '生成移送计划',
    packetStart: '下一步：准备移送材料',
    planReady: '移送计划已生成，见“移送计划”。下一步可准备移送材料。',
    planReadyNoPacket: '移送计划已生成，见“移送计划”。本案无需向其他机关移送材料。',
  },
  en: {
    appTitle: 'Referral Assistant',
    subtitle: (number, version) => ` · Qidong 2020 No. 38 · version ${version}`,
    loading: 'Loading the rules engine…',
    noQuestions: 'This tool has no questionnaire and cannot be used.',
    engineKept: 'Your answers are still kept in this browser: save them to a file with “Export” above, and “Import” them in one of the browsers named.',
    langSwitch: 'Language',
    engineNote: 'Plans and documents are in Chinese, as the law requires.',
    drafts: 'Drafts',
    draftNew: 'New',
    draftExport: 'Export',
    draftImport: 'Import',
    draftRename: 'Rename',
    draftDelete: 'Delete',
    planTitle: 'Referral plan',
    planPending: (left) => `As you answer, this shows who handles the matter, to whom it is transferred, under which clause and by when. (${left} still to answer)`,
    planAnnounce: (name, n) => `Plan updated: ${n} steps.`,
    planAnnounceNoHandler: 'Plan updated: no handling authority could be determined.',
    handlerLabel: 'Handling (penalizing) authority: ',
    why: 'Why? Under clause ',
    noHandler: 'No handling authority could be determined; decide by hand.',
    steps: 'Steps',
    warnings: 'Notes',
    ambiguities: 'Ambiguities in the text',
    packVersion: (number, version) => `Qidong 2020 No. 38 · version ${version}`,
    yes: 'Yes',
    no: 'No',
    colon: ': ',
    progress: (n, total) => `Step ${n} of ${total}`,
    back: 'Back',
    next: 'Continue',
    errorSummary: 'There is a problem',
    errorPrefix: 'Error: ',
    answerMissing: (label) => `Answer “${label}”`,
    dateWrong: (label, message) => `“${label}”: ${message}`,
    choose: 'Choose',
    beijingTime: 'Beijing time',
    unsupportedType: (type) => `Unsupported question type ${type}`,
    checkTitle: 'Check your answers',
    notAnswered: 'Not answered',
    none: 'None',
    change: 'Change',
    notInCatalogue: 'Not in the catalogue',
    confirm: 'Make the plan',
    packetStart: 'Next: prepare the transfer packet',
    planReady: 'The plan is ready (see “Referral plan”). Next, prepare the transfer packet.',
    planReadyNoPacket: 'The plan is ready (see “Referral plan”). Nothing needs to be sent to another authority.',
  },
};

export function makeStrings(lang) {
  const table = STRINGS[lang] ?? STRINGS.zh;
  const t = (key, ...args) => {
    const v = table[key] ?? STRINGS.zh[key];
    if (v === undefined) return key;
    return typeof v === 'function' ? v(...args) : v;
  };
  t.lang = table === STRINGS.en ? 'en' : 'zh';
  t.label = (l) => (l == null ? l : t.lang === 'en' && l.en ? l.en : l.zh);
  return t;
}

// Both tables have the same keys (tests/web check it through this).
export const stringKeys = (lang) => Object.keys(STRINGS[lang] ?? {});
