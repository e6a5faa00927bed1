/*
 * avshim: the only code that touches FFmpeg structures. It is compiled against the installed headers at build
 * time (see ActorVision.Media.csproj), so struct layouts always match the libraries it was built with; the C#
 * side sees opaque handles, plain integers and a few structs declared here and mirrored in Interop/.
 *
 * Threading: every function runs on the caller's thread, except avs_*_interrupt, which may be called from any
 * thread while a blocking call is in progress (it only sets an atomic flag that the interrupt callback reads).
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/hwcontext.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

#define AVS_EXPORT __attribute__((visibility("default")))

/* Errors of our own, outside FFmpeg's FFERRTAG space (negative, like AVERROR). */
#define AVS_ERR_TIMEOUT      (-0x7A560001)
#define AVS_ERR_INTERRUPTED  (-0x7A560002)
#define AVS_ERR_NO_VIDEO     (-0x7A560003)
#define AVS_ERR_NO_DECODER   (-0x7A560004)
#define AVS_ERR_ARGUMENT     (-0x7A560005)
#define AVS_ERR_NO_ENCODER   (-0x7A560006)
#define AVS_ERR_TRUNCATED    (-0x7A560007)
#define AVS_ERR_REFUSED      (-0x7A560008)

/* Pixel formats as the C# side names them. */
enum avs_pixel_format { AVS_PIX_RGB24 = 0, AVS_PIX_BGR24 = 1, AVS_PIX_GRAY8 = 2, AVS_PIX_YUV420P = 10 };

enum avs_hw_type { AVS_HW_NONE = 0, AVS_HW_CUDA = 1, AVS_HW_VAAPI = 2 };

/* Consecutive undecodable packets after which a stream is declared broken rather than damaged. */
#define AVS_MAX_CONSECUTIVE_DECODE_ERRORS 500

static enum AVPixelFormat to_av_format(int f)
{
    switch (f) {
    case AVS_PIX_RGB24: return AV_PIX_FMT_RGB24;
    case AVS_PIX_BGR24: return AV_PIX_FMT_BGR24;
    case AVS_PIX_GRAY8: return AV_PIX_FMT_GRAY8;
    case AVS_PIX_YUV420P: return AV_PIX_FMT_YUV420P;
    default: return AV_PIX_FMT_NONE;
    }
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

AVS_EXPORT void avs_strerror(int code, char *buf, int len);

static void set_error(char *buf, int len, const char *prefix, int code)
{
    if (!buf || len <= 0) return;
    char reason[AV_ERROR_MAX_STRING_SIZE] = { 0 };
    /* Our own codes too: av_strerror only knows FFmpeg's and would print "Error number -2052456449 occurred". */
    avs_strerror(code, reason, sizeof reason);
    snprintf(buf, (size_t)len, "%s: %s", prefix, reason);
}

/* ---------------------------------------------------------------- versions and logging */

typedef struct avs_versions {
    int avcodec_compiled, avcodec_running;
    int avformat_compiled, avformat_running;
    int avutil_compiled, avutil_running;
    int swscale_compiled, swscale_running;
} avs_versions;

/* Returns 0 when every library runs with the major version the shim was compiled against. */
AVS_EXPORT int avs_check_versions(avs_versions *v)
{
    v->avcodec_compiled = LIBAVCODEC_VERSION_INT;
    v->avcodec_running = (int)avcodec_version();
    v->avformat_compiled = LIBAVFORMAT_VERSION_INT;
    v->avformat_running = (int)avformat_version();
    v->avutil_compiled = LIBAVUTIL_VERSION_INT;
    v->avutil_running = (int)avutil_version();
    v->swscale_compiled = LIBSWSCALE_VERSION_INT;
    v->swscale_running = (int)swscale_version();
    int ok = (v->avcodec_compiled >> 16) == (v->avcodec_running >> 16)
          && (v->avformat_compiled >> 16) == (v->avformat_running >> 16)
          && (v->avutil_compiled >> 16) == (v->avutil_running >> 16)
          && (v->swscale_compiled >> 16) == (v->swscale_running >> 16);
    return ok ? 0 : -1;
}

AVS_EXPORT void avs_strerror(int code, char *buf, int len)
{
    switch (code) {
    case AVS_ERR_TIMEOUT: snprintf(buf, (size_t)len, "timed out"); return;
    case AVS_ERR_INTERRUPTED: snprintf(buf, (size_t)len, "interrupted"); return;
    case AVS_ERR_NO_VIDEO: snprintf(buf, (size_t)len, "no video stream"); return;
    case AVS_ERR_NO_DECODER: snprintf(buf, (size_t)len, "no decoder for the video codec"); return;
    case AVS_ERR_ARGUMENT: snprintf(buf, (size_t)len, "invalid argument"); return;
    case AVS_ERR_NO_ENCODER: snprintf(buf, (size_t)len, "encoder not found"); return;
    case AVS_ERR_TRUNCATED: snprintf(buf, (size_t)len, "the file ends early (truncated, or still being written)"); return;
    case AVS_ERR_REFUSED: snprintf(buf, (size_t)len, "refused: a protocol or format this source may not use"); return;
    default: av_strerror(code, buf, (size_t)len);
    }
}

typedef void (*avs_log_sink)(int level, const char *line);
static _Atomic(avs_log_sink) log_sink;

/* FFmpeg says why it refused a protocol or format only in a log line ("Protocol 'file' not on whitelist ..."), from
 * the thread doing the open: kept here, per thread, so the open can return it as its error. */
static _Thread_local char whitelist_refusal[256];

static void forward_log(avs_log_sink sink, void *avcl, int level, const char *fmt, va_list vl)
{
    if (level > av_log_get_level()) return;
    char line[1024];
    int print_prefix = 1;
    va_list copy;
    va_copy(copy, vl);
    av_log_format_line2(avcl, level, fmt, copy, line, sizeof line, &print_prefix);
    va_end(copy);
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
    if (n > 0) sink(level, line);
}

/* The HLS demuxer's refusals name the URL first: "URL %s is not in ...", "Filename extension of '%s' ...". */
static void note_playlist_refusal(const char *what, va_list vl)
{
    va_list copy;
    va_copy(copy, vl);
    const char *url = va_arg(copy, const char *);
    snprintf(whitelist_refusal, sizeof whitelist_refusal, "the playlist lists %s (%s)", what, url ? url : "?");
    va_end(copy);
}

static void log_callback(void *avcl, int level, const char *fmt, va_list vl)
{
    if (level <= AV_LOG_ERROR && fmt) {
        if (strstr(fmt, "not on whitelist")) {
            va_list copy;
            va_copy(copy, vl);
            vsnprintf(whitelist_refusal, sizeof whitelist_refusal, fmt, copy);
            va_end(copy);
            size_t n = strlen(whitelist_refusal);
            while (n > 0 && (whitelist_refusal[n - 1] == '\n' || whitelist_refusal[n - 1] == '!')) whitelist_refusal[--n] = 0;
        } else if (strstr(fmt, "allowed_segment_extensions")) {
            /* Debian's 5.1 (a security backport): a segment URL without a media extension. */
            note_playlist_refusal("a segment that is not a media file", vl);
        } else if (strstr(fmt, "blocked for security reasons")) {
            /* allowed_extensions: a local file, which the source's options never allow. */
            note_playlist_refusal("a local file, which a network source may not read", vl);
        }
    }
    avs_log_sink sink = atomic_load(&log_sink);
    if (sink) forward_log(sink, avcl, level, fmt, vl);
    else av_log_default_callback(avcl, level, fmt, vl);
}

static atomic_int log_callback_installed;

static void install_log_callback(void)
{
    if (!atomic_exchange(&log_callback_installed, 1)) av_log_set_callback(log_callback);
}

/* Routes FFmpeg's log lines at or below max_level (AV_LOG_*) to sink; NULL restores FFmpeg's stderr output. */
AVS_EXPORT void avs_set_log_sink(avs_log_sink sink, int max_level)
{
    av_log_set_level(max_level);
    atomic_store(&log_sink, sink);
    atomic_store(&log_callback_installed, 1);
    av_log_set_callback(log_callback);
}

/* Options as two parallel arrays, never a delimited string: a key or value holding '=', ':' or a newline (a path, a
 * URL) stays one value and cannot add options of its own. */
static int options_from_arrays(AVDictionary **opts, const char *const *keys, const char *const *values, int count)
{
    if (count < 0 || (count > 0 && (!keys || !values))) return AVS_ERR_ARGUMENT;
    for (int i = 0; i < count; i++) {
        if (!keys[i] || !keys[i][0] || !values[i]) return AVS_ERR_ARGUMENT;
        int ret = av_dict_set(opts, keys[i], values[i], 0);
        if (ret < 0) return ret;
    }
    return 0;
}

/* ---------------------------------------------------------------- interrupt state */

typedef struct avs_interrupt {
    atomic_int interrupted;   /* set from any thread by avs_*_interrupt */
    int64_t deadline_us;      /* 0 = none; written and read by the thread doing I/O */
    int timed_out;
} avs_interrupt;

static int interrupt_cb(void *opaque)
{
    avs_interrupt *in = opaque;
    if (atomic_load(&in->interrupted)) return 1;
    if (in->deadline_us > 0 && now_us() > in->deadline_us) {
        in->timed_out = 1;
        return 1;
    }
    return 0;
}

static void arm(avs_interrupt *in, int64_t timeout_us)
{
    in->timed_out = 0;
    in->deadline_us = timeout_us > 0 ? now_us() + timeout_us : 0;
}

/* Replaces FFmpeg's generic "exit requested" by why we asked it to stop. */
static int interrupt_reason(avs_interrupt *in, int ret)
{
    if (ret >= 0) return ret;
    if (in->timed_out) return AVS_ERR_TIMEOUT;
    if (atomic_load(&in->interrupted)) return AVS_ERR_INTERRUPTED;
    return ret;
}

/* ---------------------------------------------------------------- frame source */

typedef struct avs_source_params {
    int64_t open_timeout_us;
    int64_t read_timeout_us;
    int rtsp_tcp;
    int decoder_threads;       /* 0 = FFmpeg chooses */
    int hw_type;               /* enum avs_hw_type */
    int output_width;          /* 0 = source width (set after open by avs_source_set_output) */
    int output_height;
    int output_format;         /* enum avs_pixel_format */
} avs_source_params;

typedef struct avs_stream_info {
    int width, height;
    int time_base_num, time_base_den;
    int fps_num, fps_den;
    int64_t duration_us;        /* -1 when unknown (live) */
    int64_t frame_count;        /* from the container, -1 when unknown */
    int64_t start_pts;          /* INT64_MIN when unknown */
    int hw_active;
    int reserved;
    char codec[32];
    char container[32];
    char hw_reason[256];
} avs_stream_info;

typedef struct avs_frame_meta {
    int64_t pts;                /* INT64_MIN when the frame has none */
    int64_t duration;           /* in time base units, 0 when unknown */
    int width, height;
    int key_frame;
    int corrupt;
    int64_t frames_decoded;
    int64_t decode_errors;
} avs_frame_meta;

typedef struct avs_source {
    avs_interrupt in;
    AVFormatContext *fmt;
    AVCodecContext *dec;
    int stream;
    AVPacket *pkt;
    int pkt_pending;
    AVFrame *frame;
    AVFrame *held;             /* a live picture kept for a consumer that asks later (avs_source_hold) */
    AVFrame *sw_frame;
    int draining;
    AVBufferRef *hw_device;
    enum AVPixelFormat hw_format;
    struct SwsContext *sws;
    int sws_range, sws_space;  /* colour details the scaler was last set up with */
    int out_w, out_h;
    enum AVPixelFormat out_format;
    int64_t read_timeout_us;
    int64_t frames_decoded, decode_errors;
    int consecutive_errors;
    int demux_errors_run;      /* unreadable packets since the last good one */
    int truncated;             /* the input ended inside such a run */
    /* Pictures a rate limit will not take (avs_source_skip_unreferenced): its due times, origin + k * interval, and
     * around each the span [due - keep_before, due + keep_after) where a picture may be taken. interval 0: off. */
    int64_t skip_origin, skip_interval, skip_keep_before, skip_keep_after, skip_horizon;
} avs_source;

AVS_EXPORT avs_source *avs_source_create(void)
{
    avs_source *s = av_mallocz(sizeof *s);
    if (!s) return NULL;
    s->stream = -1;
    s->pkt = av_packet_alloc();
    s->frame = av_frame_alloc();
    s->held = av_frame_alloc();
    s->sw_frame = av_frame_alloc();
    s->sws_range = s->sws_space = -1;
    if (!s->pkt || !s->frame || !s->held || !s->sw_frame) {
        av_packet_free(&s->pkt);
        av_frame_free(&s->frame);
        av_frame_free(&s->held);
        av_frame_free(&s->sw_frame);
        av_free(s);
        return NULL;
    }
    return s;
}

AVS_EXPORT void avs_source_interrupt(avs_source *s)
{
    atomic_store(&s->in.interrupted, 1);
}

AVS_EXPORT void avs_source_free(avs_source *s)
{
    if (!s) return;
    sws_freeContext(s->sws);
    avcodec_free_context(&s->dec);
    avformat_close_input(&s->fmt);
    av_buffer_unref(&s->hw_device);
    av_packet_free(&s->pkt);
    av_frame_free(&s->frame);
    av_frame_free(&s->held);
    av_frame_free(&s->sw_frame);
    av_free(s);
}

static enum AVPixelFormat pick_hw_format(AVCodecContext *ctx, const enum AVPixelFormat *formats)
{
    avs_source *s = ctx->opaque;
    for (const enum AVPixelFormat *p = formats; *p != AV_PIX_FMT_NONE; p++)
        if (*p == s->hw_format) return *p;
    /* The stream needs a format the device cannot decode (e.g. 4:4:4): the decoder falls back to software. */
    return formats[0];
}

/* Sets up hardware decoding on s->dec; on failure leaves the context untouched and says why in reason. */
static void try_hardware(avs_source *s, const AVCodec *codec, int hw_type, char *reason, size_t reason_len)
{
    enum AVHWDeviceType type = hw_type == AVS_HW_CUDA ? AV_HWDEVICE_TYPE_CUDA : AV_HWDEVICE_TYPE_VAAPI;
    const char *name = av_hwdevice_get_type_name(type);
    enum AVPixelFormat hw_format = AV_PIX_FMT_NONE;
    for (int i = 0;; i++) {
        const AVCodecHWConfig *config = avcodec_get_hw_config(codec, i);
        if (!config) break;
        if ((config->methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) && config->device_type == type) {
            hw_format = config->pix_fmt;
            break;
        }
    }
    if (hw_format == AV_PIX_FMT_NONE) {
        snprintf(reason, reason_len, "the %s decoder does not support %s", codec->name, name);
        return;
    }
    int ret = av_hwdevice_ctx_create(&s->hw_device, type, NULL, NULL, 0);
    if (ret < 0) {
        char err[AV_ERROR_MAX_STRING_SIZE] = { 0 };
        av_strerror(ret, err, sizeof err);
        snprintf(reason, reason_len, "no usable %s device: %s", name, err);
        return;
    }
    s->hw_format = hw_format;
    s->dec->hw_device_ctx = av_buffer_ref(s->hw_device);
    s->dec->get_format = pick_hw_format;
}

static int open_decoder(avs_source *s, const AVCodec *codec, const avs_source_params *p, int with_hw,
                        char *reason, size_t reason_len)
{
    AVStream *st = s->fmt->streams[s->stream];
    avcodec_free_context(&s->dec);
    av_buffer_unref(&s->hw_device);
    s->hw_format = AV_PIX_FMT_NONE;
    s->dec = avcodec_alloc_context3(codec);
    if (!s->dec) return AVERROR(ENOMEM);
    int ret = avcodec_parameters_to_context(s->dec, st->codecpar);
    if (ret < 0) return ret;
    s->dec->opaque = s;
    s->dec->pkt_timebase = st->time_base;
    s->dec->thread_count = p->decoder_threads > 0 ? p->decoder_threads : 0;
    if (with_hw) try_hardware(s, codec, p->hw_type, reason, reason_len);
    return avcodec_open2(s->dec, codec, NULL);
}

/* Names the format FFmpeg detects for url (opened with the same protocols), for an error that says what was refused. */
static int detected_format(const char *url, const char *protocols, avs_interrupt *in, char *name, size_t len)
{
    AVDictionary *o = NULL;
    av_dict_set(&o, "protocol_whitelist", protocols, 0);
    AVIOInterruptCB cb = { interrupt_cb, in };
    AVIOContext *pb = NULL;
    int ret = avio_open2(&pb, url, AVIO_FLAG_READ, &cb, &o);
    av_dict_free(&o);
    if (ret < 0) return ret;
    const AVInputFormat *f = NULL;
    ret = av_probe_input_buffer2(pb, &f, url, NULL, 0, 0);
    avio_closep(&pb);
    if (ret < 0) return ret;
    if (!f) return AVERROR_INVALIDDATA;
    snprintf(name, len, "%s", f->name);
    return 0;
}

/* protocols: FFmpeg's protocol_whitelist, required: every nested open (HLS segments and keys, redirects, RTSP's
 * TCP/UDP/RTP) is held to it. formats: the format_whitelist, inherited by nested demuxers (HLS segments); NULL for
 * none. The option arrays go to the demuxer (allowed_extensions, ...). */
AVS_EXPORT int avs_source_open(avs_source *s, const char *url, const avs_source_params *p,
                               const char *protocols, const char *formats,
                               const char *const *option_keys, const char *const *option_values, int option_count,
                               avs_stream_info *info, char *err, int err_len)
{
    memset(info, 0, sizeof *info);
    info->duration_us = -1;
    info->frame_count = -1;
    info->start_pts = INT64_MIN;
    if (s->fmt || !protocols || !protocols[0]) return AVS_ERR_ARGUMENT;
    s->out_format = to_av_format(p->output_format);
    if (s->out_format == AV_PIX_FMT_NONE) return AVS_ERR_ARGUMENT;
    s->read_timeout_us = p->read_timeout_us;
    install_log_callback();

    AVDictionary *opts = NULL;
    int ret = options_from_arrays(&opts, option_keys, option_values, option_count);
    if (ret < 0) {
        av_dict_free(&opts);
        snprintf(err, (size_t)err_len, "invalid demuxer options");
        return ret;
    }
    if (!strncmp(url, "rtsp://", 7) || !strncmp(url, "rtsps://", 8))
        av_dict_set(&opts, "rtsp_transport", p->rtsp_tcp ? "tcp" : "udp", 0);

    s->fmt = avformat_alloc_context();
    if (!s->fmt) {
        av_dict_free(&opts);
        return AVERROR(ENOMEM);
    }
    s->fmt->interrupt_callback.callback = interrupt_cb;
    s->fmt->interrupt_callback.opaque = &s->in;
    s->fmt->protocol_whitelist = av_strdup(protocols);
    if (formats && formats[0]) s->fmt->format_whitelist = av_strdup(formats);
    if (!s->fmt->protocol_whitelist || (formats && formats[0] && !s->fmt->format_whitelist)) {
        av_dict_free(&opts);
        avformat_free_context(s->fmt);
        s->fmt = NULL;
        return AVERROR(ENOMEM);
    }

    whitelist_refusal[0] = 0;
    arm(&s->in, p->open_timeout_us);
    ret = avformat_open_input(&s->fmt, url, NULL, &opts); /* frees and nulls s->fmt on failure */
    av_dict_free(&opts);
    if (ret < 0) {
        ret = interrupt_reason(&s->in, ret);
        if (ret != AVS_ERR_TIMEOUT && ret != AVS_ERR_INTERRUPTED && whitelist_refusal[0]) {
            char name[64] = { 0 };
            if (strstr(whitelist_refusal, "Format") == whitelist_refusal && detected_format(url, protocols, &s->in, name, sizeof name) == 0)
                snprintf(err, (size_t)err_len, "refused: the input is in format '%s', which this source may not open", name);
            else
                snprintf(err, (size_t)err_len, "refused: %s", whitelist_refusal);
            return AVS_ERR_REFUSED;
        }
        set_error(err, err_len, "cannot open", ret);
        return ret;
    }
    /* FFmpeg reads any .txt as ANSI art and a lone picture as a one-frame video: neither is a camera or a recording. */
    if (!strcmp(s->fmt->iformat->name, "tty")) {
        snprintf(err, (size_t)err_len, "text, not a video (detected as %s)", s->fmt->iformat->name);
        return AVS_ERR_NO_VIDEO;
    }
    ret = avformat_find_stream_info(s->fmt, NULL);
    if (ret < 0) {
        ret = interrupt_reason(&s->in, ret);
        set_error(err, err_len, "cannot read stream information", ret);
        return ret;
    }
    const AVCodec *codec = NULL;
    ret = av_find_best_stream(s->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (ret == AVERROR_STREAM_NOT_FOUND) {
        snprintf(err, (size_t)err_len, "no video stream (container %s)", s->fmt->iformat->name);
        return AVS_ERR_NO_VIDEO;
    }
    if (ret == AVERROR_DECODER_NOT_FOUND || (ret >= 0 && !codec)) {
        for (unsigned i = 0; i < s->fmt->nb_streams; i++) {
            AVCodecParameters *par = s->fmt->streams[i]->codecpar;
            if (par->codec_type != AVMEDIA_TYPE_VIDEO) continue;
            char tag[AV_FOURCC_MAX_STRING_SIZE] = { 0 };
            av_fourcc_make_string(tag, par->codec_tag);
            snprintf(err, (size_t)err_len, "no decoder for video codec %s (tag %s)", avcodec_get_name(par->codec_id), tag);
            break;
        }
        return AVS_ERR_NO_DECODER;
    }
    if (ret < 0) {
        set_error(err, err_len, "cannot select the video stream", ret);
        return ret;
    }
    s->stream = ret;
    AVStream *st = s->fmt->streams[s->stream];
    if (st->disposition & AV_DISPOSITION_ATTACHED_PIC) {
        snprintf(err, (size_t)err_len, "only a cover picture, no video stream");
        return AVS_ERR_NO_VIDEO;
    }
    if (st->codecpar->width <= 0 || st->codecpar->height <= 0) {
        snprintf(err, (size_t)err_len, "video stream without a picture size");
        return AVERROR_INVALIDDATA;
    }
    for (unsigned i = 0; i < s->fmt->nb_streams; i++)
        if ((int)i != s->stream) s->fmt->streams[i]->discard = AVDISCARD_ALL;

    ret = open_decoder(s, codec, p, p->hw_type != AVS_HW_NONE, info->hw_reason, sizeof info->hw_reason);
    if (ret < 0 && s->hw_device) {
        char why[AV_ERROR_MAX_STRING_SIZE] = { 0 };
        av_strerror(ret, why, sizeof why);
        snprintf(info->hw_reason, sizeof info->hw_reason, "the %s decoder did not open with %s: %s", codec->name,
                 av_hwdevice_get_type_name(p->hw_type == AVS_HW_CUDA ? AV_HWDEVICE_TYPE_CUDA : AV_HWDEVICE_TYPE_VAAPI), why);
        ret = open_decoder(s, codec, p, 0, NULL, 0);
    }
    if (ret < 0) {
        set_error(err, err_len, "cannot open the decoder", ret);
        return ret;
    }
    info->hw_active = s->hw_device != NULL;

    AVRational fps = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : st->r_frame_rate;
    info->width = st->codecpar->width;
    info->height = st->codecpar->height;
    info->time_base_num = st->time_base.num;
    info->time_base_den = st->time_base.den;
    info->fps_num = fps.num;
    info->fps_den = fps.den;
    if (st->duration != AV_NOPTS_VALUE && st->duration > 0)
        info->duration_us = av_rescale_q(st->duration, st->time_base, AV_TIME_BASE_Q);
    else if (s->fmt->duration != AV_NOPTS_VALUE && s->fmt->duration > 0)
        info->duration_us = s->fmt->duration;
    info->frame_count = st->nb_frames > 0 ? st->nb_frames : -1;
    info->start_pts = st->start_time != AV_NOPTS_VALUE ? st->start_time : INT64_MIN;
    snprintf(info->codec, sizeof info->codec, "%s", codec->name);
    snprintf(info->container, sizeof info->container, "%s", s->fmt->iformat->name);
    return 0;
}

/* Output size is decided by the C# side once it knows the source size. */
AVS_EXPORT int avs_source_set_output(avs_source *s, int width, int height)
{
    if (width <= 0 || height <= 0) return AVS_ERR_ARGUMENT;
    s->out_w = width;
    s->out_h = height;
    return 0;
}

/* Whether the container's index places the last samples beyond the end of the data: a recording cut short.
 * Demuxers such as mov simply report the end of the file when the data stops, however much the index promised. */
static int index_beyond_end(avs_source *s)
{
    if (!s->fmt->pb) return 0;
    int64_t size = avio_size(s->fmt->pb);
    if (size <= 0) return 0;
    AVStream *st = s->fmt->streams[s->stream];
    int n = avformat_index_get_entries_count(st);
    for (int i = n - 1; i >= 0 && i >= n - 64; i--) {
        const AVIndexEntry *e = avformat_index_get_entry(st, i);
        if (e && e->pos + e->size > size) return 1;
    }
    return 0;
}

/* Reads the video stream's next packet into s->pkt and marks it pending. Returns 0; AVERROR_EOF at the end of the
 * input (some demuxers report an interrupted read as the end: that is reported as the interruption); or a negative
 * error. A damaged or missing sample (a hole in a recording) is skipped, as long as good ones follow. */
static int read_video_packet(avs_source *s)
{
    for (;;) {
        arm(&s->in, s->read_timeout_us);
        int ret = av_read_frame(s->fmt, s->pkt);
        if (ret == AVERROR_EOF) {
            if (s->in.timed_out || atomic_load(&s->in.interrupted)) return interrupt_reason(&s->in, AVERROR_EXIT);
            return AVERROR_EOF;
        }
        if (ret == AVERROR_INVALIDDATA) {
            s->decode_errors++;
            if (++s->demux_errors_run > AVS_MAX_CONSECUTIVE_DECODE_ERRORS) return ret;
            continue;
        }
        if (ret < 0) return interrupt_reason(&s->in, ret);
        s->demux_errors_run = 0;
        if (s->pkt->stream_index != s->stream) {
            av_packet_unref(s->pkt);
            continue;
        }
        s->pkt_pending = 1;
        return 0;
    }
}

static int unused_picture(const avs_source *s, int64_t pts)
{
    if (s->skip_interval <= 0 || pts == AV_NOPTS_VALUE) return 0;
    int64_t d = pts - s->skip_origin;
    if (d < -s->skip_interval || d >= s->skip_horizon) return 0;
    int64_t phase = ((d % s->skip_interval) + s->skip_interval) % s->skip_interval;
    return phase >= s->skip_keep_after && phase < s->skip_interval - s->skip_keep_before;
}

/* Decodes the next picture and keeps it in the source until the next call. Returns 0, AVERROR_EOF at the end
 * of the input, or a negative error. The picture is not converted: the caller decides first whether it wants it. */
AVS_EXPORT int avs_source_next(avs_source *s, avs_frame_meta *m)
{
    if (!s->dec) return AVS_ERR_ARGUMENT;
    av_frame_unref(s->frame);
    for (;;) {
        int ret = avcodec_receive_frame(s->dec, s->frame);
        if (ret == 0) {
            s->frames_decoded++;
            s->consecutive_errors = 0;
            m->pts = s->frame->best_effort_timestamp != AV_NOPTS_VALUE ? s->frame->best_effort_timestamp : INT64_MIN;
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
            m->duration = s->frame->duration;
#else
            m->duration = s->frame->pkt_duration;
#endif
            m->width = s->frame->width;
            m->height = s->frame->height;
            m->key_frame = s->frame->key_frame;
            m->corrupt = (s->frame->flags & AV_FRAME_FLAG_CORRUPT) || s->frame->decode_error_flags;
            m->frames_decoded = s->frames_decoded;
            m->decode_errors = s->decode_errors;
            return 0;
        }
        if (ret == AVERROR_EOF) return s->truncated ? AVS_ERR_TRUNCATED : AVERROR_EOF;
        if (ret != AVERROR(EAGAIN)) {
            /* A damaged picture: count it and go on, unless nothing decodes any more. */
            s->decode_errors++;
            if (++s->consecutive_errors > AVS_MAX_CONSECUTIVE_DECODE_ERRORS) return ret;
            continue;
        }
        if (s->draining) return s->truncated ? AVS_ERR_TRUNCATED : AVERROR_EOF;
        if (!s->pkt_pending) {
            ret = read_video_packet(s);
            if (ret == AVERROR_EOF) {
                s->draining = 1;
                s->truncated = s->demux_errors_run > 0 || index_beyond_end(s);
                avcodec_send_packet(s->dec, NULL);
                continue;
            }
            if (ret < 0) return ret;
        }
        s->dec->skip_frame = unused_picture(s, s->pkt->pts) ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
        ret = avcodec_send_packet(s->dec, s->pkt);
        if (ret == AVERROR(EAGAIN)) continue; /* decoder full: receive first, send the same packet again */
        s->pkt_pending = 0;
        av_packet_unref(s->pkt);
        if (ret < 0) {
            s->decode_errors++;
            if (++s->consecutive_errors > AVS_MAX_CONSECUTIVE_DECODE_ERRORS) return ret;
        }
    }
}

/* Pictures nothing will use: a rate limit takes, from each of its due times origin + k * interval, the first picture
 * at or after it. From now on a picture no other picture refers to (a non-reference B picture, typically) is not
 * decoded at all (the decoder's skip_frame = AVDISCARD_NONREF for its packet) when its pts is within horizon after
 * the origin (or one interval before it) and outside [due - keep_before, due + keep_after) of every due time.
 * Reference pictures always decode, so everything after them decodes intact. A grid, not a single window: the decoder
 * takes a few packets ahead of the picture it outputs (B pictures come after the picture they precede), so the next
 * due time is known too late to spare the pictures right after it. interval 0 turns it off. */
AVS_EXPORT void avs_source_skip_unreferenced(avs_source *s, int64_t origin, int64_t interval, int64_t keep_before,
                                             int64_t keep_after, int64_t horizon)
{
    s->skip_origin = origin;
    s->skip_interval = interval > 0 && keep_before >= 0 && keep_after >= 0 && keep_before + keep_after < interval ? interval : 0;
    s->skip_keep_before = keep_before;
    s->skip_keep_after = keep_after;
    s->skip_horizon = horizon;
}

/* Catch-up for a live source whose decoding fell behind real time: discards the video stream's packets, undecoded,
 * up to its next keyframe, flushes the decoder (the pictures it held refer to what was discarded) and keeps the
 * keyframe pending, so the next avs_source_next decodes from it. *skipped counts the discarded video packets.
 * Returns 0 at a keyframe; 1 when max_span_us of stream time passed without one (the decoder is flushed and the
 * packet that crossed the span is pending: what follows is damaged until a keyframe, the caller discards it);
 * AVERROR_EOF or a negative error as avs_source_next would. */
AVS_EXPORT int avs_source_skip_to_keyframe(avs_source *s, int64_t max_span_us, int64_t *skipped)
{
    *skipped = 0;
    if (!s->dec || !s->fmt || max_span_us <= 0) return AVS_ERR_ARGUMENT;
    av_frame_unref(s->frame);
    AVStream *st = s->fmt->streams[s->stream];
    int64_t first = AV_NOPTS_VALUE;
    for (;;) {
        if (!s->pkt_pending) {
            int ret = read_video_packet(s);
            if (ret < 0) return ret;
        }
        /* A packet the decoder had no room for yet is judged like a new one. */
        int64_t ts = s->pkt->pts != AV_NOPTS_VALUE ? s->pkt->pts : s->pkt->dts;
        int past_span = 0;
        if (ts != AV_NOPTS_VALUE) {
            if (first == AV_NOPTS_VALUE) first = ts;
            past_span = av_rescale_q(ts - first, st->time_base, AV_TIME_BASE_Q) > max_span_us;
        }
        if ((s->pkt->flags & AV_PKT_FLAG_KEY) || past_span) {
            avcodec_flush_buffers(s->dec);
            s->consecutive_errors = 0;
            return (s->pkt->flags & AV_PKT_FLAG_KEY) ? 0 : 1;
        }
        av_packet_unref(s->pkt);
        s->pkt_pending = 0;
        (*skipped)++;
    }
}

/* The deprecated yuvj formats mean "yuv with full range": give the scaler the plain format and the range. */
static enum AVPixelFormat plain_format(enum AVPixelFormat f, int *full_range)
{
    switch (f) {
    case AV_PIX_FMT_YUVJ420P: *full_range = 1; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: *full_range = 1; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: *full_range = 1; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: *full_range = 1; return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P: *full_range = 1; return AV_PIX_FMT_YUV411P;
    default: return f;
    }
}

static int sws_space(enum AVColorSpace space)
{
    switch (space) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_FCC: return SWS_CS_FCC;
    case AVCOL_SPC_SMPTE240M: return SWS_CS_SMPTE240M;
    case AVCOL_SPC_BT2020_NCL: case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: return SWS_CS_DEFAULT;
    }
}

/* Converts (scales) src straight into dst, the caller's pinned buffer. */
static int convert_frame(avs_source *s, AVFrame *src, uint8_t *dst, int dst_stride)
{
    if (!src->data[0] && !src->buf[0]) return AVS_ERR_ARGUMENT;
    if (s->out_w <= 0 || s->out_h <= 0) return AVS_ERR_ARGUMENT;
    if (s->hw_device && src->format == s->hw_format) {
        av_frame_unref(s->sw_frame);
        int ret = av_hwframe_transfer_data(s->sw_frame, src, 0);
        if (ret < 0) return ret;
        av_frame_copy_props(s->sw_frame, src);
        src = s->sw_frame;
    }
    int full_range = src->color_range == AVCOL_RANGE_JPEG;
    enum AVPixelFormat in_format = plain_format((enum AVPixelFormat)src->format, &full_range);
    s->sws = sws_getCachedContext(s->sws, src->width, src->height, in_format, s->out_w, s->out_h, s->out_format,
                                  SWS_BILINEAR, NULL, NULL, NULL);
    if (!s->sws) return AVERROR(EINVAL);
    int space = sws_space(src->colorspace);
    if (full_range != s->sws_range || space != s->sws_space) {
        int *inv, *table, src_range, dst_range, brightness, contrast, saturation;
        sws_getColorspaceDetails(s->sws, &inv, &src_range, &table, &dst_range, &brightness, &contrast, &saturation);
        sws_setColorspaceDetails(s->sws, sws_getCoefficients(space), full_range, table, dst_range,
                                 brightness, contrast, saturation);
        s->sws_range = full_range;
        s->sws_space = space;
    }
    uint8_t *planes[4] = { dst, NULL, NULL, NULL };
    int strides[4] = { dst_stride, 0, 0, 0 };
    int rows = sws_scale(s->sws, (const uint8_t *const *)src->data, src->linesize, 0, src->height, planes, strides);
    return rows > 0 ? 0 : AVERROR(EINVAL);
}

/* Converts the picture avs_source_next just decoded. */
AVS_EXPORT int avs_source_convert(avs_source *s, uint8_t *dst, int dst_stride)
{
    return convert_frame(s, s->frame, dst, dst_stride);
}

/* Keeps the picture avs_source_next just decoded for avs_source_convert_held, in place of one kept before and never
 * converted (returns 1 then, else 0). No copy: the frame's buffers stay referenced until converted or replaced.
 * avs_source_hold and avs_source_convert_held must not run at the same time as each other or
 * avs_source_convert (the caller serialises them); avs_source_next may run meanwhile on another thread, as it touches
 * neither the kept frame nor the scaler. */
AVS_EXPORT int avs_source_hold(avs_source *s)
{
    int replaced = s->held->buf[0] != NULL || s->held->data[0] != NULL;
    av_frame_unref(s->held);
    av_frame_move_ref(s->held, s->frame);
    return replaced;
}

/* Converts the kept picture into dst and lets it go; AVS_ERR_ARGUMENT when none is kept. */
AVS_EXPORT int avs_source_convert_held(avs_source *s, uint8_t *dst, int dst_stride)
{
    int ret = convert_frame(s, s->held, dst, dst_stride);
    av_frame_unref(s->held);
    return ret;
}

/* Starts a file again from its beginning (file replay). */
AVS_EXPORT int avs_source_rewind(avs_source *s)
{
    if (!s->fmt || !s->dec) return AVS_ERR_ARGUMENT;
    AVStream *st = s->fmt->streams[s->stream];
    int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    arm(&s->in, s->read_timeout_us);
    int ret = av_seek_frame(s->fmt, s->stream, start, AVSEEK_FLAG_BACKWARD);
    if (ret < 0) return interrupt_reason(&s->in, ret);
    avcodec_flush_buffers(s->dec);
    av_packet_unref(s->pkt);
    s->pkt_pending = 0;
    s->draining = 0;
    s->truncated = 0;
    s->demux_errors_run = 0;
    return 0;
}

/* ---------------------------------------------------------------- encoder (H.264 and MJPEG) */

typedef struct avs_encoder_params {
    int width, height;
    int time_base_num, time_base_den;
    int fps_num, fps_den;
    int64_t bit_rate;           /* 0 = codec default / quality based */
    int gop;                    /* frames between keyframes, 0 = codec default */
    int max_b_frames;           /* -1 = codec default */
    int threads;                /* 0 = FFmpeg chooses */
    int qscale;                 /* > 0: fixed quantiser (MJPEG quality 2..31) */
    int full_range;             /* JPEG range YUV (MJPEG) */
    int global_header;          /* extradata for MP4 and RTSP SDP */
    char codec[32];             /* libx264, h264_nvenc, mjpeg */
} avs_encoder_params;

typedef struct avs_planes {
    uint8_t *data[3];
    int stride[3];
    int width, height;
} avs_planes;

typedef struct avs_packet_info {
    const uint8_t *data;
    int size;
    int key;
    int64_t pts, dts;
} avs_packet_info;

typedef struct avs_encoder {
    AVCodecContext *enc;
    AVFrame *frame;
    AVPacket *pkt;
    struct SwsContext *sws;
    int full_range;
    int sws_src_w, sws_src_h, sws_src_format;
} avs_encoder;

AVS_EXPORT void avs_encoder_free(avs_encoder *e)
{
    if (!e) return;
    sws_freeContext(e->sws);
    avcodec_free_context(&e->enc);
    av_frame_free(&e->frame);
    av_packet_free(&e->pkt);
    av_free(e);
}

/* The option arrays are the codec's private options (preset, tune, x264-params). */
AVS_EXPORT int avs_encoder_open(const avs_encoder_params *p, const char *const *option_keys, const char *const *option_values,
                                int option_count, avs_encoder **out, char *err, int err_len)
{
    *out = NULL;
    if (p->width <= 0 || p->height <= 0 || (p->width & 1) || (p->height & 1) || p->time_base_num <= 0 || p->time_base_den <= 0)
        return AVS_ERR_ARGUMENT;
    const AVCodec *codec = avcodec_find_encoder_by_name(p->codec);
    if (!codec) {
        snprintf(err, (size_t)err_len, "this FFmpeg has no %s encoder", p->codec);
        return AVS_ERR_NO_ENCODER;
    }
    avs_encoder *e = av_mallocz(sizeof *e);
    if (!e) return AVERROR(ENOMEM);
    e->sws_src_format = -1;
    e->full_range = p->full_range;
    e->enc = avcodec_alloc_context3(codec);
    e->frame = av_frame_alloc();
    e->pkt = av_packet_alloc();
    if (!e->enc || !e->frame || !e->pkt) {
        avs_encoder_free(e);
        return AVERROR(ENOMEM);
    }
    AVCodecContext *c = e->enc;
    c->width = p->width;
    c->height = p->height;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->time_base = (AVRational){ p->time_base_num, p->time_base_den };
    if (p->fps_num > 0 && p->fps_den > 0) c->framerate = (AVRational){ p->fps_num, p->fps_den };
    c->sample_aspect_ratio = (AVRational){ 1, 1 };
    c->color_range = p->full_range ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
    c->colorspace = AVCOL_SPC_SMPTE170M;
    c->color_primaries = AVCOL_PRI_SMPTE170M;
    c->color_trc = AVCOL_TRC_SMPTE170M;
    if (p->bit_rate > 0) c->bit_rate = p->bit_rate;
    if (p->gop > 0) c->gop_size = p->gop;
    if (p->max_b_frames >= 0) c->max_b_frames = p->max_b_frames;
    c->thread_count = p->threads > 0 ? p->threads : 0;
    if (p->qscale > 0) {
        c->flags |= AV_CODEC_FLAG_QSCALE;
        c->global_quality = FF_QP2LAMBDA * p->qscale;
        c->qmin = c->qmax = p->qscale;
    }
    if (p->global_header) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

    AVDictionary *opts = NULL;
    int ret = options_from_arrays(&opts, option_keys, option_values, option_count);
    if (ret < 0) {
        snprintf(err, (size_t)err_len, "invalid encoder options");
        av_dict_free(&opts);
        avs_encoder_free(e);
        return ret;
    }
    ret = avcodec_open2(c, codec, &opts);
    av_dict_free(&opts);
    if (ret < 0) {
        set_error(err, err_len, p->codec, ret);
        avs_encoder_free(e);
        return ret;
    }
    e->frame->format = c->pix_fmt;
    e->frame->width = c->width;
    e->frame->height = c->height;
    e->frame->color_range = c->color_range;
    e->frame->colorspace = c->colorspace;
    ret = av_frame_get_buffer(e->frame, 0);
    if (ret < 0) {
        set_error(err, err_len, "cannot allocate the encoder picture", ret);
        avs_encoder_free(e);
        return ret;
    }
    *out = e;
    return 0;
}

/* Makes the encoder's picture writable (the codec may still hold the previous one) and returns its planes. */
AVS_EXPORT int avs_encoder_planes(avs_encoder *e, avs_planes *planes)
{
    int ret = av_frame_make_writable(e->frame);
    if (ret < 0) return ret;
    for (int i = 0; i < 3; i++) {
        planes->data[i] = e->frame->data[i];
        planes->stride[i] = e->frame->linesize[i];
    }
    planes->width = e->frame->width;
    planes->height = e->frame->height;
    return 0;
}

/* Converts (and scales) a packed picture into the encoder's YUV picture. Call avs_encoder_planes first. */
AVS_EXPORT int avs_encoder_convert(avs_encoder *e, const uint8_t *src, int src_stride, int src_w, int src_h, int src_format)
{
    enum AVPixelFormat f = to_av_format(src_format);
    if (f == AV_PIX_FMT_NONE || src_w <= 0 || src_h <= 0) return AVS_ERR_ARGUMENT;
    if (!e->sws || e->sws_src_w != src_w || e->sws_src_h != src_h || e->sws_src_format != src_format) {
        sws_freeContext(e->sws);
        e->sws = sws_getContext(src_w, src_h, f, e->frame->width, e->frame->height, AV_PIX_FMT_YUV420P,
                                SWS_BILINEAR, NULL, NULL, NULL);
        if (!e->sws) return AVERROR(EINVAL);
        int *inv, *table, src_range, dst_range, brightness, contrast, saturation;
        sws_getColorspaceDetails(e->sws, &inv, &src_range, &table, &dst_range, &brightness, &contrast, &saturation);
        sws_setColorspaceDetails(e->sws, sws_getCoefficients(SWS_CS_ITU601), 1, sws_getCoefficients(SWS_CS_ITU601),
                                 e->full_range, brightness, contrast, saturation);
        e->sws_src_w = src_w;
        e->sws_src_h = src_h;
        e->sws_src_format = src_format;
    }
    const uint8_t *in[4] = { src, NULL, NULL, NULL };
    int in_stride[4] = { src_stride, 0, 0, 0 };
    int rows = sws_scale(e->sws, in, in_stride, 0, src_h, e->frame->data, e->frame->linesize);
    return rows > 0 ? 0 : AVERROR(EINVAL);
}

/* Sends the encoder's picture with the given pts (in the encoder's time base); force_key asks for a keyframe. */
AVS_EXPORT int avs_encoder_send(avs_encoder *e, int64_t pts, int force_key)
{
    e->frame->pts = pts;
    e->frame->pict_type = force_key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    e->frame->key_frame = force_key ? 1 : 0;
    return avcodec_send_frame(e->enc, e->frame);
}

/* Signals the end of the input: the following receives drain the codec's delayed packets. */
AVS_EXPORT int avs_encoder_finish(avs_encoder *e)
{
    int ret = avcodec_send_frame(e->enc, NULL);
    return ret == AVERROR_EOF ? 0 : ret;
}

/* Fetches the next encoded packet into the encoder (valid until the next receive): 0, EAGAIN or EOF. */
AVS_EXPORT int avs_encoder_receive(avs_encoder *e, avs_packet_info *info)
{
    av_packet_unref(e->pkt);
    int ret = avcodec_receive_packet(e->enc, e->pkt);
    if (ret < 0) return ret;
    info->data = e->pkt->data;
    info->size = e->pkt->size;
    info->key = (e->pkt->flags & AV_PKT_FLAG_KEY) != 0;
    info->pts = e->pkt->pts;
    info->dts = e->pkt->dts;
    return 0;
}

AVS_EXPORT void avs_encoder_codec_name(avs_encoder *e, char *buf, int len)
{
    snprintf(buf, (size_t)len, "%s", e->enc->codec->name);
}

/* ---------------------------------------------------------------- muxed outputs (MP4, HLS, RTSP publish) */

typedef struct avs_output {
    avs_interrupt in;
    AVFormatContext *fmt;
    AVStream *st;
    AVRational enc_time_base;
    AVPacket *pkt;
    int header_written;
    int64_t write_timeout_us;
    int64_t last_dts;
} avs_output;

AVS_EXPORT avs_output *avs_output_create(void)
{
    avs_output *o = av_mallocz(sizeof *o);
    if (!o) return NULL;
    o->pkt = av_packet_alloc();
    if (!o->pkt) {
        av_free(o);
        return NULL;
    }
    o->last_dts = INT64_MIN;
    return o;
}

AVS_EXPORT void avs_output_interrupt(avs_output *o)
{
    atomic_store(&o->in.interrupted, 1);
}

static void close_output(avs_output *o)
{
    if (!o->fmt) return;
    if (!(o->fmt->oformat->flags & AVFMT_NOFILE)) avio_closep(&o->fmt->pb);
    avformat_free_context(o->fmt);
    o->fmt = NULL;
    o->st = NULL;
    o->header_written = 0;
}

/* Finishes the output (trailer: MP4 index, HLS end list, RTSP TEARDOWN), bounded by the write timeout. */
AVS_EXPORT int avs_output_close(avs_output *o, int write_trailer)
{
    int ret = 0;
    if (o->fmt && o->header_written && write_trailer) {
        arm(&o->in, o->write_timeout_us);
        ret = interrupt_reason(&o->in, av_write_trailer(o->fmt));
    }
    close_output(o);
    return ret;
}

AVS_EXPORT void avs_output_free(avs_output *o)
{
    if (!o) return;
    close_output(o);
    av_packet_free(&o->pkt);
    av_free(o);
}

/* Opens url with the muxer `format` for the encoder's stream and writes the header (connects, for RTSP). protocols is
 * the protocol_whitelist every file or connection the muxer opens is held to (HLS segments and playlists: file); the
 * option arrays go to the muxer. */
AVS_EXPORT int avs_output_open(avs_output *o, avs_encoder *e, const char *url, const char *format, const char *protocols,
                               const char *const *option_keys, const char *const *option_values, int option_count,
                               int64_t timeout_us, char *err, int err_len)
{
    if (o->fmt || !protocols || !protocols[0]) return AVS_ERR_ARGUMENT;
    install_log_callback();
    atomic_store(&o->in.interrupted, 0);
    o->write_timeout_us = timeout_us;
    o->last_dts = INT64_MIN;
    int ret = avformat_alloc_output_context2(&o->fmt, NULL, format, url);
    if (ret < 0 || !o->fmt) {
        set_error(err, err_len, "no such output format", ret < 0 ? ret : AVERROR_MUXER_NOT_FOUND);
        return ret < 0 ? ret : AVERROR_MUXER_NOT_FOUND;
    }
    o->fmt->interrupt_callback.callback = interrupt_cb;
    o->fmt->interrupt_callback.opaque = &o->in;
    o->fmt->protocol_whitelist = av_strdup(protocols);
    if (!o->fmt->protocol_whitelist) {
        close_output(o);
        return AVERROR(ENOMEM);
    }
    o->st = avformat_new_stream(o->fmt, NULL);
    if (!o->st) {
        close_output(o);
        return AVERROR(ENOMEM);
    }
    ret = avcodec_parameters_from_context(o->st->codecpar, e->enc);
    if (ret < 0) {
        close_output(o);
        return ret;
    }
    o->st->time_base = e->enc->time_base;
    o->st->avg_frame_rate = e->enc->framerate;
    o->enc_time_base = e->enc->time_base;

    AVDictionary *opts = NULL;
    ret = options_from_arrays(&opts, option_keys, option_values, option_count);
    if (ret < 0) {
        snprintf(err, (size_t)err_len, "invalid output options");
        av_dict_free(&opts);
        close_output(o);
        return ret;
    }
    arm(&o->in, timeout_us);
    if (!(o->fmt->oformat->flags & AVFMT_NOFILE)) {
        AVDictionary *io = NULL;
        av_dict_set(&io, "protocol_whitelist", protocols, 0);
        ret = avio_open2(&o->fmt->pb, url, AVIO_FLAG_WRITE, &o->fmt->interrupt_callback, &io);
        av_dict_free(&io);
        if (ret < 0) {
            ret = interrupt_reason(&o->in, ret);
            set_error(err, err_len, "cannot open for writing", ret);
            av_dict_free(&opts);
            close_output(o);
            return ret;
        }
    }
    ret = avformat_write_header(o->fmt, &opts);
    av_dict_free(&opts);
    if (ret < 0) {
        ret = interrupt_reason(&o->in, ret);
        set_error(err, err_len, "cannot start the output", ret);
        close_output(o);
        return ret;
    }
    o->header_written = 1;
    return 0;
}

/* Writes the encoder's current packet (a new reference: the same packet goes to every output). */
AVS_EXPORT int avs_output_write(avs_output *o, avs_encoder *e)
{
    if (!o->fmt || !o->header_written) return AVS_ERR_ARGUMENT;
    int ret = av_packet_ref(o->pkt, e->pkt);
    if (ret < 0) return ret;
    av_packet_rescale_ts(o->pkt, o->enc_time_base, o->st->time_base);
    /* Rounding to a coarser muxer time base must not produce equal dts, which muxers reject. */
    if (o->pkt->dts != AV_NOPTS_VALUE) {
        if (o->last_dts != INT64_MIN && o->pkt->dts <= o->last_dts) {
            int64_t shift = o->last_dts + 1 - o->pkt->dts;
            o->pkt->dts += shift;
            if (o->pkt->pts != AV_NOPTS_VALUE && o->pkt->pts < o->pkt->dts) o->pkt->pts = o->pkt->dts;
        }
        o->last_dts = o->pkt->dts;
    }
    o->pkt->stream_index = o->st->index;
    arm(&o->in, o->write_timeout_us);
    ret = av_interleaved_write_frame(o->fmt, o->pkt); /* takes the reference */
    av_packet_unref(o->pkt);
    return interrupt_reason(&o->in, ret);
}
