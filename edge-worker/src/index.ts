// Worker entry point: wiring only.
import { createApp } from './app.js';

export default createApp();
