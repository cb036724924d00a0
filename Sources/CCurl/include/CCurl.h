#ifndef CCURL_H
#define CCURL_H
// libcurl, loaded with dlopen on first use rather than linked.
//
// Linking libcurl makes the dynamic loader map and initialise it and its ~25 dependencies
// (TLS, Kerberos, LDAP, SSH, IDN…) in every process, about 15 ms before main: commands that
// never poll (`status`, `ab`, `alerts`) would pay it on every run. Every libcurl function
// llmdeck calls goes through a `CCurl_` wrapper here; the first call loads the library.
// Typed wrappers also stand in for libcurl's variadic setters and getters, which Swift
// cannot call.
#include <curl/curl.h>
#include <stdint.h>
#include <sys/epoll.h>

typedef size_t (*CCurl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef size_t (*CCurl_header_callback)(char *buffer, size_t size, size_t nitems, void *userdata);
typedef int (*CCurl_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *userp, void *socketp);
typedef int (*CCurl_timer_callback)(CURLM *multi, long timeout_ms, void *userp);

/// NULL once libcurl is loaded with every function llmdeck needs, else why not (names the
/// library files tried and the loader's message). Thread-safe; loads at most once.
const char *CCurl_load_error(void);

// Each wrapper below loads libcurl if needed and, when it cannot be loaded, fails the way
// its libcurl function fails (NULL, CURLE_FAILED_INIT, CURLM_INTERNAL_ERROR, CURLUE_OUT_OF_MEMORY).
CURLcode CCurl_global_init(long flags);
const char *CCurl_version(void);

CURL *CCurl_easy_init(void);
void CCurl_easy_cleanup(CURL *handle);
void CCurl_easy_reset(CURL *handle);
const char *CCurl_easy_strerror(CURLcode code);
CURLcode CCurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode CCurl_easy_setopt_int64(CURL *handle, CURLoption option, int64_t value);
CURLcode CCurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode CCurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode CCurl_easy_setopt_write_function(CURL *handle, CCurl_write_callback callback);
CURLcode CCurl_easy_setopt_header_function(CURL *handle, CCurl_header_callback callback);
CURLcode CCurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out);
CURLcode CCurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *out);
CURLcode CCurl_easy_getinfo_int64(CURL *handle, CURLINFO info, int64_t *out);
CURLcode CCurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **out);

CURLM *CCurl_multi_init(void);
CURLMcode CCurl_multi_cleanup(CURLM *multi);
CURLMcode CCurl_multi_add_handle(CURLM *multi, CURL *easy);
CURLMcode CCurl_multi_remove_handle(CURLM *multi, CURL *easy);
CURLMcode CCurl_multi_socket_action(CURLM *multi, curl_socket_t socket, int mask, int *running);
CURLMsg *CCurl_multi_info_read(CURLM *multi, int *queued);
const char *CCurl_multi_strerror(CURLMcode code);
CURLMcode CCurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode CCurl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value);
/* The socket_action interface: libcurl says which sockets to watch and when to time out. */
CURLMcode CCurl_multi_setopt_socket_function(CURLM *multi, CCurl_socket_callback callback);
CURLMcode CCurl_multi_setopt_timer_function(CURLM *multi, CCurl_timer_callback callback);

struct curl_slist *CCurl_slist_append(struct curl_slist *list, const char *line);
void CCurl_slist_free_all(struct curl_slist *list);
void CCurl_free(void *pointer);

CURLU *CCurl_url(void);
void CCurl_url_cleanup(CURLU *handle);
CURLUcode CCurl_url_set(CURLU *handle, CURLUPart part, const char *content, unsigned int flags);
CURLUcode CCurl_url_get(CURLU *handle, CURLUPart part, char **content, unsigned int flags);

/* A non-blocking, close-on-exec pipe that wakes the event loop's epoll_wait; 0 or -1. */
int CCurl_wake_pipe(int ends[2]);
#endif
