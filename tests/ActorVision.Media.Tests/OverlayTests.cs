using System.Runtime.InteropServices;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Media.Overlay;

namespace ActorVision.Media.Tests;

public sealed class OverlayTests
{
    private static VideoFrame Black(int width = 100, int height = 80, PixelFormat format = PixelFormat.Rgb24)
    {
        var frame = VideoFrame.Allocate(width, height, format);
        frame.Pixels.Clear();
        return frame;
    }

    private static Rgb At(VideoFrame frame, int x, int y)
    {
        var row = frame.Row(y);
        return new Rgb(row[3 * x], row[3 * x + 1], row[3 * x + 2]);
    }

    [Fact]
    public void A_box_is_a_border_of_the_given_thickness_inside_its_corners()
    {
        using var frame = Black();
        new Rgb24Canvas(frame).DrawBox(new BoxF(10, 10, 50, 40), Rgb.Red, thickness: 2);
        for (var y = 0; y < frame.Height; y++)
        for (var x = 0; x < frame.Width; x++)
        {
            var insideOuter = x is >= 10 and < 50 && y is >= 10 and < 40;
            var insideInner = x is >= 12 and < 48 && y is >= 12 and < 38;
            Assert.Equal(insideOuter && !insideInner ? Rgb.Red : Rgb.Black, At(frame, x, y));
        }
    }

    [Fact]
    public void Bgr_frames_get_their_channels_swapped_and_gray_frames_get_luma()
    {
        using var bgr = Black(format: PixelFormat.Bgr24);
        new Rgb24Canvas(bgr).FillRectanglePixels(0, 0, 4, 4, new Rgb(10, 20, 30));
        Assert.Equal(new byte[] { 30, 20, 10 }, bgr.Row(1)[3..6].ToArray());

        using var gray = Black(format: PixelFormat.Gray8);
        new Rgb24Canvas(gray).FillRectanglePixels(0, 0, 4, 4, Rgb.White);
        Assert.Equal(255, gray.Row(3)[3]);
        Assert.Equal(0, gray.Row(4)[3]);
    }

    [Fact]
    public void Text_puts_ink_exactly_where_the_font_has_it()
    {
        using var frame = Black();
        const string text = "Hi 7";
        new Rgb24Canvas(frame).DrawText(5, 6, text, Rgb.White, scale: 2);
        for (var y = 0; y < frame.Height; y++)
        for (var x = 0; x < frame.Width; x++)
        {
            var expected = false;
            var cellX = (x - 5) / 2;
            var cellY = (y - 6) / 2;
            if (x >= 5 && y >= 6 && cellX / BitmapFont.CellWidth < text.Length && cellY < BitmapFont.GlyphHeight)
                expected = BitmapFont.IsInk(text[cellX / BitmapFont.CellWidth], cellX % BitmapFont.CellWidth, cellY);
            Assert.True(expected == (At(frame, x, y) == Rgb.White), $"pixel ({x},{y}) should be {(expected ? "ink" : "background")}");
        }
        Assert.Equal((2 * (4 * 6 - 1), 16), BitmapFont.Measure(text, 2));
    }

    [Fact]
    public void The_font_covers_printable_ascii_and_draws_others_as_a_question_mark()
    {
        for (var c = '!'; c <= '~'; c++)
        {
            var ink = 0;
            for (var row = 0; row < BitmapFont.GlyphHeight; row++) ink += int.PopCount(BitmapFont.Row(c, row));
            Assert.True(ink > 0, $"'{c}' has no ink");
        }
        for (var row = 0; row < BitmapFont.GlyphHeight; row++)
        {
            Assert.Equal(0, BitmapFont.Row(' ', row));
            Assert.Equal(BitmapFont.Row('?', row), BitmapFont.Row('é', row));
        }
        // Distinct glyphs: no two printable characters share a bitmap.
        var shapes = new HashSet<ulong>();
        for (var c = ' '; c <= '~'; c++)
        {
            ulong shape = 0;
            for (var row = 0; row < BitmapFont.GlyphHeight; row++) shape = shape << 8 | BitmapFont.Row(c, row);
            Assert.True(shapes.Add(shape), $"'{c}' looks like another character");
        }
    }

    [Fact]
    public void A_label_is_text_in_the_contrasting_colour_on_a_filled_background()
    {
        using var frame = Black();
        var (width, height) = new Rgb24Canvas(frame).DrawLabel(20, 30, "car", Rgb.Yellow, scale: 1, padding: 2);
        Assert.Equal((3 * 6 - 1 + 4, 8 + 4), (width, height));
        var ink = 0;
        for (var y = 30; y < 30 + height; y++)
        for (var x = 20; x < 20 + width; x++)
        {
            var pixel = At(frame, x, y);
            Assert.True(pixel == Rgb.Yellow || pixel == Rgb.Black, $"({x},{y}) is {pixel}");
            if (pixel == Rgb.Black) ink++;
        }
        Assert.True(ink > 10, "black text on yellow");
        Assert.Equal(Rgb.Black, At(frame, 19, 30));
        Assert.Equal(Rgb.Black, At(frame, 20 + width, 30));
    }

    [Fact]
    public void A_detection_label_sits_above_the_box_or_inside_it_at_the_top_edge()
    {
        using var frame = Black();
        var canvas = new Rgb24Canvas(frame);
        canvas.DrawDetection(new BoxF(30, 40, 70, 70), "p", Rgb.Green);
        Assert.Equal(Rgb.Green, At(frame, 30, 40 - 12)); // label background above the box
        canvas.DrawDetection(new BoxF(5, 0, 40, 30), "p", Rgb.Blue);
        Assert.Equal(Rgb.Blue, At(frame, 5, 0));
        Assert.Equal(Rgb.Blue, At(frame, 7, 11)); // label inside, at the top
    }

    [Fact]
    public void A_polygon_fill_covers_exactly_the_pixels_whose_centres_are_inside()
    {
        using var frame = Black();
        PointF[] triangle = [new(10, 10), new(90, 25), new(30, 75)];
        new Rgb24Canvas(frame).FillPolygon(triangle, Rgb.White);
        var filled = 0;
        for (var y = 0; y < frame.Height; y++)
        for (var x = 0; x < frame.Width; x++)
        {
            var centre = new PointF(x + 0.5f, y + 0.5f);
            var side0 = PointF.Cross(triangle[1] - triangle[0], centre - triangle[0]);
            var side1 = PointF.Cross(triangle[2] - triangle[1], centre - triangle[1]);
            var side2 = PointF.Cross(triangle[0] - triangle[2], centre - triangle[2]);
            var margin = MathF.Min(MathF.Abs(side0), MathF.Min(MathF.Abs(side1), MathF.Abs(side2)));
            if (margin < 1f) continue; // centre on an edge: either answer is right
            var inside = side0 > 0 && side1 > 0 && side2 > 0 || side0 < 0 && side1 < 0 && side2 < 0;
            Assert.True(inside == (At(frame, x, y) == Rgb.White), $"({x},{y})");
            if (inside) filled++;
        }
        Assert.InRange(filled, 2300, 2600); // area of the triangle: 2450 px
    }

    [Fact]
    public void A_translucent_zone_blends_inside_and_keeps_an_opaque_outline()
    {
        using var frame = Black();
        PointF[] square = [new(20, 20), new(60, 20), new(60, 60), new(20, 60)];
        new Rgb24Canvas(frame).DrawPolygon(square, Rgb.Red, thickness: 1, fill: new Rgb(0, 200, 0), fillAlpha: 128);
        Assert.Equal(new Rgb(0, 100, 0), At(frame, 40, 40));
        Assert.Equal(Rgb.Red, At(frame, 20, 40));
        Assert.Equal(Rgb.Red, At(frame, 40, 20));
        Assert.Equal(Rgb.Black, At(frame, 10, 10));
        Assert.Equal(Rgb.Black, At(frame, 70, 40));
    }

    [Fact]
    public void Lines_have_the_requested_thickness_and_are_unbroken()
    {
        using var frame = Black();
        var canvas = new Rgb24Canvas(frame);
        canvas.DrawLine(new(10, 20), new(50, 20), Rgb.White, thickness: 3);
        for (var x = 0; x < frame.Width; x++)
        for (var y = 15; y < 26; y++)
            Assert.Equal(x is >= 10 and <= 50 && y is >= 19 and <= 21, At(frame, x, y) == Rgb.White);

        canvas.DrawLine(new(60, 5), new(95, 75), Rgb.Green, thickness: 1);
        for (var y = 5; y <= 75; y++)
        {
            var count = 0;
            for (var x = 55; x < 100; x++) if (At(frame, x, y) == Rgb.Green) count++;
            Assert.True(count >= 1, $"row {y} of the steep line is empty");
        }
    }

    [Fact]
    public void An_arrow_has_a_filled_head_at_its_end()
    {
        using var frame = Black();
        new Rgb24Canvas(frame).DrawArrow(new(10, 40), new(80, 40), Rgb.Cyan, thickness: 1, headLength: 12);
        Assert.Equal(Rgb.Cyan, At(frame, 20, 40));
        Assert.Equal(Rgb.Cyan, At(frame, 72, 37)); // the head is wider than the shaft
        Assert.Equal(Rgb.Cyan, At(frame, 72, 43));
        Assert.Equal(Rgb.Black, At(frame, 30, 37));
    }

    [Fact]
    public void Shapes_are_clipped_to_the_picture()
    {
        using var frame = Black();
        var canvas = new Rgb24Canvas(frame);
        canvas.DrawBox(new BoxF(-20, -20, 30, 30), Rgb.Red, 4);
        canvas.DrawText(95, 75, "overflow", Rgb.White, 3);
        canvas.DrawLine(new(-100, -100), new(500, 500), Rgb.Green, 5);
        canvas.FillPolygon([new(-50, 10), new(200, 10), new(200, 300)], Rgb.Blue, 100);
        canvas.DrawLabel(-10, -10, "x", Rgb.Yellow);
        Assert.Equal(Rgb.Red, At(frame, 29, 0));
    }

    [Fact]
    public void A_transform_maps_frame_coordinates_onto_a_scaled_crop()
    {
        using var crop = Black(50, 40);
        var canvas = new Rgb24Canvas(crop);
        // The crop shows frame region x in [100, 200), y in [50, 130) at half size.
        canvas.SetTransform(0.5f, 0.5f, -50, -25);
        canvas.DrawBox(new BoxF(120, 70, 160, 110), Rgb.Red, 1);
        Assert.Equal(Rgb.Red, At(crop, 10, 10));
        Assert.Equal(Rgb.Red, At(crop, 29, 29));
        Assert.Equal(Rgb.Black, At(crop, 15, 15));
        Assert.Equal(Rgb.Black, At(crop, 9, 9));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_yuv_canvas_writes_bt601_values_into_all_three_planes(bool fullRange)
    {
        const int width = 64, height = 48;
        var y = new byte[width * height];
        var u = new byte[width / 2 * height / 2];
        var v = new byte[width / 2 * height / 2];
        var yh = GCHandle.Alloc(y, GCHandleType.Pinned);
        var uh = GCHandle.Alloc(u, GCHandleType.Pinned);
        var vh = GCHandle.Alloc(v, GCHandleType.Pinned);
        try
        {
            var canvas = new Yuv420Canvas(fullRange);
            canvas.Bind(yh.AddrOfPinnedObject(), width, uh.AddrOfPinnedObject(), width / 2, vh.AddrOfPinnedObject(), width / 2, width, height);
            canvas.FillRectanglePixels(8, 8, 16, 16, Rgb.Red);
            var (ey, eu, ev) = canvas.ToYuv(Rgb.Red);
            if (fullRange) Assert.Equal(((byte)76, (byte)85, (byte)255), canvas.ToYuv(new Rgb(255, 0, 0)));
            else Assert.Equal(((byte)81, (byte)90, (byte)240), canvas.ToYuv(new Rgb(255, 0, 0)));
            Assert.Equal(ey, y[10 * width + 10]);
            Assert.Equal(0, y[7 * width + 10]);
            Assert.Equal(eu, u[5 * (width / 2) + 5]);
            Assert.Equal(ev, v[5 * (width / 2) + 5]);
            Assert.Equal(0, u[3 * (width / 2) + 3]);
        }
        finally
        {
            yh.Free();
            uh.Free();
            vh.Free();
        }
    }
}
