/* libwebsockets echo peer: one service thread, default options, each received message
 * queued and written back whole from the WRITEABLE callback (lws allows one write per
 * callback, which is how lws applications are written).
 * Usage: lws_echo <port>   (0 = ephemeral); prints "listening on 127.0.0.1:<port>". */
#include <libwebsockets.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Msg
{
    struct Msg *next;
    size_t len;
    int binary;
    unsigned char data[]; /* LWS_PRE headroom, then the payload */
} Msg;

typedef struct Session
{
    Msg *head, *tail;
    unsigned char *cur; /* message being received: LWS_PRE + payload */
    size_t curLen, curCap;
    int curBinary;
} Session;

static volatile sig_atomic_t g_stop;

static void onSignal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static int appendRx(Session *s, const void *in, size_t len)
{
    if (LWS_PRE + s->curLen + len > s->curCap) {
        size_t cap = s->curCap ? s->curCap : 256;
        while (cap < LWS_PRE + s->curLen + len)
            cap *= 2;
        unsigned char *p = realloc(s->cur, cap);
        if (!p)
            return -1;
        s->cur = p;
        s->curCap = cap;
    }
    memcpy(s->cur + LWS_PRE + s->curLen, in, len);
    s->curLen += len;
    return 0;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                    size_t len)
{
    Session *s = (Session *)user;
    switch (reason) {
    case LWS_CALLBACK_ESTABLISHED:
        memset(s, 0, sizeof *s);
        break;
    case LWS_CALLBACK_RECEIVE: {
        if (lws_is_first_fragment(wsi)) {
            s->curLen = 0;
            s->curBinary = lws_frame_is_binary(wsi);
        }
        if (appendRx(s, in, len) < 0)
            return -1;
        if (!lws_is_final_fragment(wsi))
            break;
        Msg *m = malloc(sizeof *m + LWS_PRE + s->curLen);
        if (!m)
            return -1;
        m->next = NULL;
        m->len = s->curLen;
        m->binary = s->curBinary;
        memcpy(m->data + LWS_PRE, s->cur + LWS_PRE, s->curLen);
        if (s->tail)
            s->tail->next = m;
        else
            s->head = m;
        s->tail = m;
        s->curLen = 0;
        lws_callback_on_writable(wsi);
        break;
    }
    case LWS_CALLBACK_SERVER_WRITEABLE: {
        Msg *m = s->head;
        if (!m)
            break;
        int n = lws_write(wsi, m->data + LWS_PRE, m->len,
                          m->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
        if (n < (int)m->len)
            return -1;
        s->head = m->next;
        if (!s->head)
            s->tail = NULL;
        free(m);
        if (s->head)
            lws_callback_on_writable(wsi);
        break;
    }
    case LWS_CALLBACK_CLOSED:
        while (s->head) {
            Msg *m = s->head;
            s->head = m->next;
            free(m);
        }
        free(s->cur);
        s->cur = NULL;
        break;
    default:
        break;
    }
    return 0;
}

static const struct lws_protocols protocols[] = {
    {"echo", callback, sizeof(Session), 0, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        return 2;
    }
    signal(SIGINT, onSignal);
    signal(SIGTERM, onSignal);
    lws_set_log_level(LLL_ERR, NULL);
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = atoi(argv[1]);
    info.iface = "127.0.0.1";
    info.protocols = protocols;
    info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
    struct lws_context *ctx = lws_create_context(&info);
    if (!ctx) {
        fprintf(stderr, "lws_echo: cannot create the context\n");
        return 1;
    }
    struct lws_vhost *vh = lws_get_vhost_by_name(ctx, "default");
    printf("listening on 127.0.0.1:%d\n", vh ? lws_get_vhost_listen_port(vh) : info.port);
    fflush(stdout);
    while (!g_stop && lws_service(ctx, 0) >= 0) {
    }
    lws_context_destroy(ctx);
    return 0;
}
