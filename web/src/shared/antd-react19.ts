// antd 5 renders its static pieces (message, notification, wave effect) with ReactDOM.render, which
// React 19 removed. This is what @ant-design/v5-patch-for-react-19 does, without the extra package.
import { unstableSetRender } from 'antd';
import { createRoot, type Root } from 'react-dom/client';

type Container = (Element | DocumentFragment) & { _aftercareRoot?: Root };

unstableSetRender((node, container) => {
  const c = container as Container;
  c._aftercareRoot ??= createRoot(c);
  const root = c._aftercareRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    c._aftercareRoot = undefined;
  };
});
