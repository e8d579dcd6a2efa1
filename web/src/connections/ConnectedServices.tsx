import { Frame } from '../shell/Frame.tsx';

export function ConnectedServices() {
  return <Frame><main className="page" /></Frame>;
}
