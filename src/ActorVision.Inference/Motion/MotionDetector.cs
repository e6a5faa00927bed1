using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;

namespace ActorVision.Inference.Motion;

/// <summary>
/// Model-free motion detection for one camera: a downscaled gray copy of each frame is compared with a
/// running-average background; changed pixels are thresholded, cleaned by an opening and merged by dilation,
/// and each connected blob becomes a detection of class "motion" in source pixels.
/// <para>
/// It keeps per-camera state (the background), so it is not a router model: the camera pipeline owns one
/// instance per camera, calls it with that camera's frames in order, and can use <see cref="HasMotion"/> as a gate
/// to skip the (expensive) model on still frames. All buffers are kept between frames; one thread at a time.
/// </para>
/// </summary>
public sealed class MotionDetector : IObjectDetector
{
    public const string Label = "motion";
    private static readonly IReadOnlyList<string> Classes = [Label];

    private readonly MotionSettings _settings;
    private int _sourceWidth, _sourceHeight, _width, _height;
    private byte[] _gray = [];
    private float[] _background = [];
    private byte[] _mask = [];
    private byte[] _scratch = [];
    private int[] _labels = [];
    private int[] _stack = [];
    private int _framesSeen;

    public MotionDetector(MotionSettings? settings = null)
    {
        _settings = settings ?? new MotionSettings();
        _settings.Validate();
    }

    public string ModelName => Label;
    /// <summary>Frames of a batch are taken as consecutive frames of this detector's camera.</summary>
    public int MaxBatch => int.MaxValue;
    public IReadOnlyList<string> ClassNames => Classes;

    /// <summary>True when the last frame had at least one blob.</summary>
    public bool HasMotion { get; private set; }

    /// <summary>Fraction of the last frame that differed from the background (after noise removal), 0..1.</summary>
    public float ChangedFraction { get; private set; }

    public void Detect(ReadOnlySpan<VideoFrame> frames, DetectionBatch results)
    {
        results.Reset(frames.Length);
        for (var i = 0; i < frames.Length; i++) Process(frames[i], results.Writable(i));
    }

    /// <summary>Feeds the next frame of the camera and appends its moving blobs to <paramref name="blobs"/>.</summary>
    public void Process(VideoFrame frame, List<Detection> blobs)
    {
        if (frame.Width != _sourceWidth || frame.Height != _sourceHeight) Resize(frame.Width, frame.Height);
        ToGray(frame);
        _framesSeen++;
        if (_framesSeen <= _settings.WarmUpFrames)
        {
            Learn(_framesSeen == 1 ? 1f : 1f / _framesSeen);
            HasMotion = false;
            ChangedFraction = 0f;
            return;
        }

        var changed = Difference();
        Learn(_settings.LearningRate);
        if (changed > 0)
        {
            Erode(_mask, _scratch);
            Dilate(_scratch, _mask);
            for (var i = 0; i < _settings.DilateIterations; i++)
            {
                Dilate(_mask, _scratch);
                (_mask, _scratch) = (_scratch, _mask);
            }
        }
        var before = blobs.Count;
        ChangedFraction = changed > 0 ? Blobs(blobs) : 0f;
        HasMotion = blobs.Count > before;
    }

    /// <summary>Forgets the background (after a camera moved or reconnected to a different scene).</summary>
    public void Reset() => _framesSeen = 0;

    /// <summary>A copy of the learnt state; null before the first frame.</summary>
    public MotionState? Capture() =>
        _sourceWidth == 0 ? null : new MotionState(_sourceWidth, _sourceHeight, _framesSeen, (float[])_background.Clone());

    /// <summary>Continues from a captured state (null: start afresh).</summary>
    public void Restore(MotionState? state)
    {
        if (state is null)
        {
            _sourceWidth = _sourceHeight = 0;
            _framesSeen = 0;
            return;
        }
        Resize(state.SourceWidth, state.SourceHeight);
        if (state.Background.Length != _background.Length)
            throw new ArgumentException($"the captured background has {state.Background.Length} values; {_width}x{_height} needs {_background.Length} (were the motion settings changed?)", nameof(state));
        state.Background.CopyTo(_background, 0);
        _framesSeen = state.FramesSeen;
    }

    private void Resize(int sourceWidth, int sourceHeight)
    {
        _sourceWidth = sourceWidth;
        _sourceHeight = sourceHeight;
        _width = Math.Min(_settings.ProcessingWidth, sourceWidth);
        _height = Math.Max(1, (int)Math.Round((double)sourceHeight * _width / sourceWidth));
        var size = _width * _height;
        _gray = new byte[size];
        _background = new float[size];
        _mask = new byte[size];
        _scratch = new byte[size];
        _labels = new int[size];
        _stack = new int[size];
        _framesSeen = 0;
    }

    // Box-filter downscale to gray: averaging a whole block suppresses sensor noise better than sampling.
    private void ToGray(VideoFrame frame)
    {
        var pixels = frame.Pixels;
        var (rWeight, bWeight) = frame.Format switch
        {
            PixelFormat.Rgb24 => (77, 29),
            PixelFormat.Bgr24 => (29, 77),
            PixelFormat.Gray8 => (0, 0),
            _ => throw new ArgumentException($"unsupported pixel format {frame.Format}"),
        };
        var bpp = frame.Format.BytesPerPixel();
        for (var y = 0; y < _height; y++)
        {
            var sy0 = y * _sourceHeight / _height;
            var sy1 = Math.Max(sy0 + 1, (y + 1) * _sourceHeight / _height);
            for (var x = 0; x < _width; x++)
            {
                var sx0 = x * _sourceWidth / _width;
                var sx1 = Math.Max(sx0 + 1, (x + 1) * _sourceWidth / _width);
                var sum = 0;
                for (var sy = sy0; sy < sy1; sy++)
                {
                    var row = pixels.Slice(sy * frame.Stride + sx0 * bpp, (sx1 - sx0) * bpp);
                    if (bpp == 1)
                    {
                        foreach (var v in row) sum += v << 8;
                        continue;
                    }
                    for (var i = 0; i < row.Length; i += 3)
                        sum += row[i] * rWeight + row[i + 1] * 150 + row[i + 2] * bWeight;
                }
                _gray[y * _width + x] = (byte)(sum / ((sy1 - sy0) * (sx1 - sx0)) >> 8);
            }
        }
    }

    private void Learn(float rate)
    {
        for (var i = 0; i < _gray.Length; i++) _background[i] += (_gray[i] - _background[i]) * rate;
    }

    private int Difference()
    {
        var threshold = _settings.Threshold;
        var changed = 0;
        for (var i = 0; i < _gray.Length; i++)
        {
            var moving = MathF.Abs(_gray[i] - _background[i]) > threshold;
            _mask[i] = moving ? (byte)1 : (byte)0;
            changed += _mask[i];
        }
        return changed;
    }

    private void Erode(byte[] source, byte[] target) => Morph(source, target, erode: true);

    private void Dilate(byte[] source, byte[] target) => Morph(source, target, erode: false);

    // 3x3 erosion (all neighbours set) or dilation (any neighbour set); outside the image counts as unset.
    private void Morph(byte[] source, byte[] target, bool erode)
    {
        for (var y = 0; y < _height; y++)
        {
            for (var x = 0; x < _width; x++)
            {
                var count = 0;
                var cells = 0;
                for (var dy = -1; dy <= 1; dy++)
                {
                    var yy = y + dy;
                    if ((uint)yy >= (uint)_height) continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var xx = x + dx;
                        if ((uint)xx >= (uint)_width) continue;
                        cells++;
                        count += source[yy * _width + xx];
                    }
                }
                target[y * _width + x] = erode ? (count == cells ? (byte)1 : (byte)0) : (count > 0 ? (byte)1 : (byte)0);
            }
        }
    }

    // 8-connected components with an explicit stack; returns the changed fraction of the cleaned mask.
    private float Blobs(List<Detection> blobs)
    {
        Array.Clear(_labels);
        var minArea = Math.Max(1, (int)(_settings.MinAreaFraction * _width * _height));
        var sx = (float)_sourceWidth / _width;
        var sy = (float)_sourceHeight / _height;
        var label = 0;
        var total = 0;
        var found = 0;
        for (var start = 0; start < _mask.Length; start++)
        {
            if (_mask[start] == 0 || _labels[start] != 0) continue;
            label++;
            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, area = 0, top = 0;
            _stack[top++] = start;
            _labels[start] = label;
            while (top > 0)
            {
                var p = _stack[--top];
                var px = p % _width;
                var py = p / _width;
                area++;
                if (px < minX) minX = px;
                if (px > maxX) maxX = px;
                if (py < minY) minY = py;
                if (py > maxY) maxY = py;
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = py + dy;
                    if ((uint)ny >= (uint)_height) continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = px + dx;
                        if ((uint)nx >= (uint)_width) continue;
                        var q = ny * _width + nx;
                        if (_mask[q] == 0 || _labels[q] != 0) continue;
                        _labels[q] = label;
                        _stack[top++] = q;
                    }
                }
            }
            total += area;
            if (area < minArea || found >= _settings.MaxDetections) continue;
            var box = new BoxF(minX * sx, minY * sy, (maxX + 1) * sx, (maxY + 1) * sy);
            var density = (float)area / ((maxX - minX + 1) * (maxY - minY + 1));
            blobs.Add(new Detection(box, density, 0, Label));
            found++;
        }
        return (float)total / _mask.Length;
    }

    public void Dispose()
    {
    }
}
