/* The launcher floor: a server with nothing to start. It answers every connection on $PORT with
   200 {"status":"ok"} and closes it, so its cold start is the cost of launching a process (spawn,
   taskset, container start) and of the harness's health polling, and nothing else. */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char answer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n"
    "Server: launch-floor\r\nConnection: close\r\n\r\n{\"status\":\"ok\"}";

int main(void) {
  const char *port = getenv("PORT");
  /* HOST as the targets read it: loopback unless a two-machine run asks for the server's address */
  const char *host = getenv("HOST");
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  struct sockaddr_in address = {0};
  if (listener < 0) return 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)atoi(port ? port : "8080"));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (host && *host && inet_pton(AF_INET, host, &address.sin_addr) != 1) return 1;
  if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 128) != 0) return 1;
  for (;;) {
    char request[4096];
    int client = accept(listener, 0, 0);
    if (client < 0) continue;
    /* one read is enough for a health probe; the answer does not depend on it */
    if (read(client, request, sizeof request) > 0) {
      ssize_t ignored = write(client, answer, sizeof answer - 1);
      (void)ignored;
    }
    close(client);
  }
}
