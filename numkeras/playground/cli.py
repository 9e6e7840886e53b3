"""`numkeras playground`: starts the playground's server and opens the page."""
import socket
import sys
import threading
import webbrowser

INSTALL_LINE = "numkeras playground needs Starlette and uvicorn: pip install numkeras[playground]"
OPEN_HOST_WARNING = ("warning: serving on {host}: anyone who can reach this machine on the network "
                     "can use the playground (and its CPU).")


def add_arguments(parser):
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to serve on (default 127.0.0.1; 0.0.0.0 serves the local network)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")


def run(options, out=sys.stdout):
    """Serves the playground until interrupted; returns the exit status."""
    try:
        import uvicorn

        from numkeras.playground.server import create_app
    except ImportError:
        print(INSTALL_LINE, file=sys.stderr)
        return 1
    if not 0 <= options.port <= 65535:
        print(f"numkeras playground: --port must be in [0, 65535], got {options.port}", file=sys.stderr)
        return 2
    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((options.host, options.port))
    except OSError as error:
        print(f"numkeras playground: cannot serve on {options.host}:{options.port}: {error.strerror}",
              file=sys.stderr)
        return 2
    sock.listen(128)  # connections made as soon as the address is printed wait for the server
    port = sock.getsockname()[1]
    if options.host not in ("127.0.0.1", "localhost", "::1"):
        print(OPEN_HOST_WARNING.format(host=options.host), file=out)
    shown_host = "127.0.0.1" if options.host in ("0.0.0.0", "::") else options.host
    url = f"http://{shown_host}:{port}/"
    print(f"numkeras playground: {url}", file=out, flush=True)
    if not options.no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning", timeout_graceful_shutdown=2))
    server.run(sockets=[sock])
    return 0
