import { render } from 'preact';
import { App } from './components/App.js';
import './styles/base.css';
import './styles/auth.css';
import './styles/layout.css';
import './styles/sidebar.css';
import './styles/messages.css';
import './styles/markup.css';
import './styles/message-tools.css';
import './styles/composer.css';
import './styles/threads.css';
import './styles/dialog.css';
import './styles/files.css';
import './styles/admin.css';

render(<App />, document.getElementById('app')!);
