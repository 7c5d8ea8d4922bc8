// Live usage over Server-Sent Events. EventSource cannot send headers, so the token goes in ?access_token= (the
// service accepts it there for this endpoint only). The browser reconnects by itself after a dropped connection;
// when the service refuses the stream (token expired, access lost) we retry with a growing pause and say so.
import {tenantPath} from './api.js';
import {token} from './session.js';

export function connectLive(tenantId, {onUsage, onState}) {
    let source = null;
    let retry = null;
    let pause = 2_000;
    let stopped = false;

    function open() {
        onState('connecting');
        source = new EventSource(`${tenantPath(tenantId)}/stream?access_token=${encodeURIComponent(token() ?? '')}`);
        source.addEventListener('open', () => {
            pause = 2_000;
            onState('live');
        });
        source.addEventListener('usage', event => {
            onState('live');
            onUsage(JSON.parse(event.data));
        });
        source.addEventListener('error', () => {
            if (stopped) {
                return;
            }
            if (source.readyState === EventSource.CLOSED) {
                source.close();
                onState('stopped', Math.round(pause / 1000));
                retry = setTimeout(open, pause);
                pause = Math.min(pause * 2, 30_000);
            } else {
                onState('connecting');
            }
        });
    }

    open();
    return () => {
        stopped = true;
        clearTimeout(retry);
        source?.close();
    };
}
