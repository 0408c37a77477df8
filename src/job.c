/* job.c - an analysis that runs on a thread of its own: the
 * editor analyses the whole buffer with nm_analyze() without holding up
 * Neovim's main thread.
 *
 * A job owns a copy of the text and a result; one POSIX thread runs
 * nm_analyze() into them. The owner's thread and the worker share two fields,
 * `finished` and `status`, read and written under `mu` only (nm_job_done);
 * everything else the worker touches (text, result) is the owner's again
 * once pthread_join() has returned (nm_job_wait, nm_job_free), which is the
 * other synchronisation point. When no thread can be made, nm_job_start()
 * runs the analysis itself: the job is finished when it returns. */
#include "internal.h"

#include <pthread.h>
#include <signal.h>

/* Non-zero (the default) lets nm_job_start() start a thread. The tests
 * (tests/c/test_job.c declares it) set 0 to run the path taken when
 * pthread_create() fails; set it only while no job is being started. */
NM_HIDDEN extern int nm_job_threads_;
int nm_job_threads_ = 1;

struct nm_job {
    pthread_mutex_t mu;
    int finished;           /* under mu: the analysis has ended */
    int status;             /* under mu: its NM_OK or NM_E* */
    int joinable;           /* owner only: a thread was started and not joined yet */
    pthread_t thread;
    const nm_model_t *model; /* borrowed: read-only for the job's life */
    char *text;             /* the job's copy (NULL for empty text); freed by the worker */
    size_t len;
    unsigned what;
    nm_result_t *res;       /* the worker's until it finishes, then the owner's */
};

/* Run the analysis and say so; the text copy is no longer needed after it
 * (the result holds offsets, not pointers into it). */
static void run(nm_job_t *job) {
    int rc = nm_analyze(job->model, job->text, job->len, job->what, job->res);
    free(job->text);
    job->text = NULL;
    pthread_mutex_lock(&job->mu);
    job->status = rc;
    job->finished = 1;
    pthread_mutex_unlock(&job->mu);
}

static void *worker(void *arg) {
    run((nm_job_t *)arg);
    return NULL;
}

/* The worker starts with every signal blocked (it inherits the mask), so
 * the host's handlers (Neovim's, libuv's) keep running on its own threads. */
static int start_thread(nm_job_t *job) {
    sigset_t all, old;
    int rc;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&job->thread, NULL, worker, job);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int nm_job_start(const nm_model_t *model, const char *text, size_t len, unsigned what,
                 nm_job_t **out) {
    nm_job_t *job;
    int rc;
    if (!out) return NM_EINVAL;
    *out = NULL;
    if (!model || (!text && len)) return NM_EINVAL;
    job = calloc(1, sizeof *job);
    if (!job) return NM_ENOMEM;
    if (pthread_mutex_init(&job->mu, NULL) != 0) {
        free(job);
        return NM_ENOMEM;
    }
    job->model = model;
    job->what = what;
    rc = nm_result_new(&job->res);
    if (rc != NM_OK) {
        nm_job_free(job);
        return rc;
    }
    if (len > 0xFFFFFFFFu) { /* nm_analyze's answer, without copying 4 GiB first */
        job->status = NM_ETOOBIG;
        job->finished = 1;
        *out = job;
        return NM_OK;
    }
    if (len) {
        job->text = malloc(len);
        if (!job->text) {
            nm_job_free(job);
            return NM_ENOMEM;
        }
        memcpy(job->text, text, len);
    }
    job->len = len;
    if (nm_job_threads_ && start_thread(job) == 0) {
        job->joinable = 1;
    } else {
        run(job); /* no thread to be had: analyse here, the job is finished */
    }
    *out = job;
    return NM_OK;
}

int nm_job_done(const nm_job_t *job) {
    nm_job_t *j = (nm_job_t *)job; /* the lock is the only thing written */
    int done;
    if (!j) return 1;
    pthread_mutex_lock(&j->mu);
    done = j->finished;
    pthread_mutex_unlock(&j->mu);
    return done;
}

int nm_job_wait(nm_job_t *job) {
    int rc;
    if (!job) return NM_EINVAL;
    if (job->joinable) {
        pthread_join(job->thread, NULL);
        job->joinable = 0;
    }
    pthread_mutex_lock(&job->mu);
    rc = job->status;
    pthread_mutex_unlock(&job->mu);
    return rc;
}

const nm_result_t *nm_job_result(nm_job_t *job) {
    if (!job || job->joinable) {
        /* not waited for: the result is the worker's until it finished */
        if (!job || !nm_job_done(job)) return NULL;
        nm_job_wait(job); /* finished: the join returns at once */
    }
    return job->res;
}

void nm_job_free(nm_job_t *job) {
    if (!job) return;
    if (job->joinable) pthread_join(job->thread, NULL);
    free(job->text);
    nm_result_free(job->res);
    pthread_mutex_destroy(&job->mu);
    free(job);
}
