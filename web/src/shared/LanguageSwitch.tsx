import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language, setLanguage } from './i18n';

const LABELS: Record<Language, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

export function LanguageSwitch({ compact = false, style }: { compact?: boolean; style?: CSSProperties }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lng],
        items: LANGUAGES.map((l) => ({ key: l, label: <span data-testid={`lang-${l}`}>{LABELS[l]}</span> })),
        onClick: ({ key }) => void setLanguage(key as Language),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('common.language')}
        data-testid="lang-switch"
        style={style}
      >
        {compact ? null : LABELS[lng]}
      </Button>
    </Dropdown>
  );
}
