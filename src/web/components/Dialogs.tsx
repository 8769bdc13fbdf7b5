import { dialog } from '../state/ui.js';
import { AccountDialog } from './AccountDialog.js';
import { AdminDialog } from './AdminDialog.js';
import { BrowseChannelsDialog } from './BrowseChannelsDialog.js';
import { SearchDialog } from './SearchDialog.js';
import { ArchiveChannelDialog, BlockDialog, DeleteChannelDialog, LeaveDmDialog, NotifyEveryoneDialog } from './Confirmations.js';
import { CreateChannelDialog } from './CreateChannelDialog.js';
import { DeleteMessageDialog } from './DeleteMessageDialog.js';
import { DetailsDialog } from './DetailsDialog.js';
import { EmojiPicker } from './EmojiPicker.js';
import { ImageViewer } from './ImageViewer.js';
import { NewDmDialog } from './NewDmDialog.js';
import { PeopleDialog } from './PeopleDialog.js';
import { QuickSwitcher } from './QuickSwitcher.js';
import { VersionsDialog } from './VersionsDialog.js';

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
    case 'people':
      return <PeopleDialog />;
    case 'search':
      return <SearchDialog />;
    case 'switcher':
      return <QuickSwitcher />;
    case 'account':
      return <AccountDialog />;
    case 'admin':
      return <AdminDialog />;
    case 'delete-message':
      return <DeleteMessageDialog key={d.messageId} conversationId={d.conversationId} messageId={d.messageId} />;
    case 'versions':
      return <VersionsDialog key={d.messageId} conversationId={d.conversationId} messageId={d.messageId} />;
    case 'emoji-picker':
      return <EmojiPicker key={d.messageId} conversationId={d.conversationId} messageId={d.messageId} />;
    case 'leave-dm':
      return <LeaveDmDialog key={d.conversationId} conversationId={d.conversationId} />;
    case 'block':
      return <BlockDialog key={d.userId} userId={d.userId} />;
    case 'delete-channel':
      return <DeleteChannelDialog key={d.conversationId} conversationId={d.conversationId} />;
    case 'archive-channel':
      return <ArchiveChannelDialog key={d.conversationId} conversationId={d.conversationId} />;
    case 'notify-everyone':
      return <NotifyEveryoneDialog key={d.conversationId} conversationId={d.conversationId} body={d.body} files={d.files} everyone={d.everyone} />;
    case 'image':
      return <ImageViewer key={d.file.id} file={d.file} />;
    default:
      return null;
  }
}
