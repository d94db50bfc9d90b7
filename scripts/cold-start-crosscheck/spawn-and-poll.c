/* An independent cold-start clock, sharing no code with langbench: fork and exec the given command
   with PORT set, then connect and GET /health back to back until a 200 with "ok" arrives. Prints
   milliseconds from just before fork to that answer.   usage: spawn-and-poll PORT COMMAND [ARGS...] */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  setenv("PORT", argv[1], 1);
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)atoi(argv[1]));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  const char *request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  double started = now_ms();
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  for (;;) {
    if (now_ms() - started > 60000) { kill(-pid, SIGKILL); return 1; }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&address, sizeof address) == 0 && write(s, request, strlen(request)) > 0) {
      char answer[1024];
      ssize_t n = read(s, answer, sizeof answer - 1);
      if (n > 0) {
        answer[n] = 0;
        if (strstr(answer, " 200 ") && strstr(answer, "ok")) {
          printf("%.3f\n", now_ms() - started);
          close(s);
          break;
        }
      }
    }
    close(s);
  }
  kill(-pid, SIGKILL);
  waitpid(pid, 0, 0);
  return 0;
}
