import { dialog } from '../state/ui.js';
import { AccountDialog } from './AccountDialog.js';
import { BrowseChannelsDialog } from './BrowseChannelsDialog.js';
import { CreateChannelDialog } from './CreateChannelDialog.js';
import { DetailsDialog } from './DetailsDialog.js';
import { NewDmDialog } from './NewDmDialog.js';
import { QuickSwitcher } from './QuickSwitcher.js';

export function Dialogs() {
  const d = dialog.value;
  switch (d?.kind) {
    case 'create-channel':
      return <CreateChannelDialog />;
    case 'browse-channels':
      return <BrowseChannelsDialog />;
    case 'new-dm':
      return <NewDmDialog />;
    case 'details':
      return <DetailsDialog key={d.conversationId} conversationId={d.conversationId} />;
    case 'switcher':
      return <QuickSwitcher />;
    case 'account':
      return <AccountDialog />;
    default:
      return null;
  }
}
