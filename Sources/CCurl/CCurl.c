#include "CCurl.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// libcurl's ABI has been stable under this soname since 2006; the GnuTLS build is the fallback.
static const char *const libraryNames[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

static struct {
    CURLcode (*global_init)(long);
    char *(*version)(void);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_socket_action)(CURLM *, curl_socket_t, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    const char *(*multi_strerror)(CURLMcode);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    void (*free)(void *);
    CURLU *(*url)(void);
    void (*url_cleanup)(CURLU *);
    CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
    CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
} api;

static pthread_once_t loadOnce = PTHREAD_ONCE_INIT;
static int loaded;
static char loadError[1024];

#define RESOLVE(field, symbol)                                                                   \
    do {                                                                                         \
        *(void **)(&api.field) = dlsym(library, symbol);                                         \
        if (api.field == NULL) {                                                                 \
            snprintf(loadError, sizeof loadError, "%s has no %s (libcurl 7.62 or newer is needed)", \
                     name, symbol);                                                              \
            return;                                                                              \
        }                                                                                        \
    } while (0)

static void load(void) {
    void *library = NULL;
    const char *name = NULL;
    size_t used = 0;
    for (size_t i = 0; i < sizeof libraryNames / sizeof libraryNames[0] && library == NULL; i++) {
        name = libraryNames[i];
        library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (library == NULL && used < sizeof loadError) {
            const char *reason = dlerror();
            used += (size_t)snprintf(loadError + used, sizeof loadError - used, "%s%s",
                                     used == 0 ? "" : "; ", reason ? reason : name);
        }
    }
    if (library == NULL) return;
    loadError[0] = '\0';
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(version, "curl_version");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_reset, "curl_easy_reset");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(multi_init, "curl_multi_init");
    RESOLVE(multi_cleanup, "curl_multi_cleanup");
    RESOLVE(multi_add_handle, "curl_multi_add_handle");
    RESOLVE(multi_remove_handle, "curl_multi_remove_handle");
    RESOLVE(multi_socket_action, "curl_multi_socket_action");
    RESOLVE(multi_info_read, "curl_multi_info_read");
    RESOLVE(multi_strerror, "curl_multi_strerror");
    RESOLVE(multi_setopt, "curl_multi_setopt");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    RESOLVE(free, "curl_free");
    RESOLVE(url, "curl_url");
    RESOLVE(url_cleanup, "curl_url_cleanup");
    RESOLVE(url_set, "curl_url_set");
    RESOLVE(url_get, "curl_url_get");
    loaded = 1;
}

static int ready(void) {
    pthread_once(&loadOnce, load);
    return loaded;
}

const char *CCurl_load_error(void) {
    return ready() ? NULL : loadError;
}

CURLcode CCurl_global_init(long flags) { return ready() ? api.global_init(flags) : CURLE_FAILED_INIT; }
const char *CCurl_version(void) { return ready() ? api.version() : "libcurl not loaded"; }

CURL *CCurl_easy_init(void) { return ready() ? api.easy_init() : NULL; }
void CCurl_easy_cleanup(CURL *handle) {
    if (ready()) api.easy_cleanup(handle);
}
void CCurl_easy_reset(CURL *handle) {
    if (ready()) api.easy_reset(handle);
}
const char *CCurl_easy_strerror(CURLcode code) {
    return ready() ? api.easy_strerror(code) : "libcurl not loaded";
}

#define EASY_SETOPT(handle, option, value) (ready() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT)
CURLcode CCurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return EASY_SETOPT(handle, option, value);
}
CURLcode CCurl_easy_setopt_int64(CURL *handle, CURLoption option, int64_t value) {
    return EASY_SETOPT(handle, option, (curl_off_t)value);
}
CURLcode CCurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return EASY_SETOPT(handle, option, value);
}
CURLcode CCurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return EASY_SETOPT(handle, option, value);
}
CURLcode CCurl_easy_setopt_write_function(CURL *handle, CCurl_write_callback callback) {
    return EASY_SETOPT(handle, CURLOPT_WRITEFUNCTION, callback);
}
CURLcode CCurl_easy_setopt_header_function(CURL *handle, CCurl_header_callback callback) {
    return EASY_SETOPT(handle, CURLOPT_HEADERFUNCTION, callback);
}

#define EASY_GETINFO(handle, info, out) (ready() ? api.easy_getinfo(handle, info, out) : CURLE_FAILED_INIT)
CURLcode CCurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out) { return EASY_GETINFO(handle, info, out); }
CURLcode CCurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *out) { return EASY_GETINFO(handle, info, out); }
CURLcode CCurl_easy_getinfo_int64(CURL *handle, CURLINFO info, int64_t *out) {
    curl_off_t value = 0;
    CURLcode code = EASY_GETINFO(handle, info, &value);
    *out = (int64_t)value;
    return code;
}
CURLcode CCurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **out) { return EASY_GETINFO(handle, info, out); }

CURLM *CCurl_multi_init(void) { return ready() ? api.multi_init() : NULL; }
CURLMcode CCurl_multi_cleanup(CURLM *multi) { return ready() ? api.multi_cleanup(multi) : CURLM_INTERNAL_ERROR; }
CURLMcode CCurl_multi_add_handle(CURLM *multi, CURL *easy) {
    return ready() ? api.multi_add_handle(multi, easy) : CURLM_INTERNAL_ERROR;
}
CURLMcode CCurl_multi_remove_handle(CURLM *multi, CURL *easy) {
    return ready() ? api.multi_remove_handle(multi, easy) : CURLM_INTERNAL_ERROR;
}
CURLMcode CCurl_multi_socket_action(CURLM *multi, curl_socket_t socket, int mask, int *running) {
    return ready() ? api.multi_socket_action(multi, socket, mask, running) : CURLM_INTERNAL_ERROR;
}
CURLMsg *CCurl_multi_info_read(CURLM *multi, int *queued) { return ready() ? api.multi_info_read(multi, queued) : NULL; }
const char *CCurl_multi_strerror(CURLMcode code) { return ready() ? api.multi_strerror(code) : "libcurl not loaded"; }

#define MULTI_SETOPT(multi, option, value) (ready() ? api.multi_setopt(multi, option, value) : CURLM_INTERNAL_ERROR)
CURLMcode CCurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return MULTI_SETOPT(multi, option, value);
}
CURLMcode CCurl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return MULTI_SETOPT(multi, option, value);
}
CURLMcode CCurl_multi_setopt_socket_function(CURLM *multi, CCurl_socket_callback callback) {
    return MULTI_SETOPT(multi, CURLMOPT_SOCKETFUNCTION, callback);
}
CURLMcode CCurl_multi_setopt_timer_function(CURLM *multi, CCurl_timer_callback callback) {
    return MULTI_SETOPT(multi, CURLMOPT_TIMERFUNCTION, callback);
}

struct curl_slist *CCurl_slist_append(struct curl_slist *list, const char *line) {
    return ready() ? api.slist_append(list, line) : NULL;
}
void CCurl_slist_free_all(struct curl_slist *list) {
    if (ready()) api.slist_free_all(list);
}
void CCurl_free(void *pointer) {
    if (ready()) api.free(pointer);
}

CURLU *CCurl_url(void) { return ready() ? api.url() : NULL; }
void CCurl_url_cleanup(CURLU *handle) {
    if (ready()) api.url_cleanup(handle);
}
CURLUcode CCurl_url_set(CURLU *handle, CURLUPart part, const char *content, unsigned int flags) {
    return ready() ? api.url_set(handle, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}
CURLUcode CCurl_url_get(CURLU *handle, CURLUPart part, char **content, unsigned int flags) {
    return ready() ? api.url_get(handle, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}

int CCurl_wake_pipe(int ends[2]) {
    if (pipe(ends) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(ends[i], F_SETFL, fcntl(ends[i], F_GETFL) | O_NONBLOCK);
        fcntl(ends[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}
