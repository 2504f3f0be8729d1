"""A local SMTP server (aiosmtpd) that counts what it receives, for the delivery throughput."""

import asyncio
import sys

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self, path):
        self.path = path
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        with open(self.path, "w") as out:
            out.write(str(self.count))
        return "250 OK"


if __name__ == "__main__":
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Counter(path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()
