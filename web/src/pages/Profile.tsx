import { Frame } from '../shell/Frame.tsx';

export function ProfileScreen() {
  return <Frame><main className="page" /></Frame>;
}
