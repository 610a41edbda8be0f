import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import type { Locale } from 'antd/es/locale';
import antdEnUS from 'antd/es/locale/en_US';
import antdZhCN from 'antd/es/locale/zh_CN';
import enUS from '../locales/en-US.json';
import zhCN from '../locales/zh-CN.json';
import { setLanguageProvider } from './api-client';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'aftercare.lang';

dayjs.extend(localizedFormat);

const dayjsLocale: Record<Language, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };
const antdLocale: Record<Language, Locale> = { 'zh-CN': antdZhCN, 'en-US': antdEnUS };

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

function storedLanguage(): Language {
  try {
    const v = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(v)) return v;
  } catch {
    // storage unavailable (private mode); fall back to the default
  }
  return DEFAULT_LANGUAGE;
}

function applySideEffects(lng: Language): void {
  dayjs.locale(dayjsLocale[lng]);
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

const initial = storedLanguage();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initial,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});
applySideEffects(initial);
setLanguageProvider(currentLanguage);

export async function setLanguage(lng: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // ignore
  }
  applySideEffects(lng);
  await i18n.changeLanguage(lng);
}

/** The antd locale that goes with the current UI language (re-renders on change). */
export function useAntdLocale(): Locale {
  const { i18n: inst } = useTranslation();
  return antdLocale[isLanguage(inst.language) ? inst.language : DEFAULT_LANGUAGE];
}

export default i18n;
