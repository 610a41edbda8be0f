import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, LANGUAGES, setLanguage } from './i18n';

const LABELS: Record<Language, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
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
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('common.language')} data-testid="lang-switch">
        {compact ? null : LABELS[lng]}
      </Button>
    </Dropdown>
  );
}
