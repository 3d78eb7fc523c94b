using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace KccAssistant.Tests.Pdf;

/// <summary>
/// Writes simple municipal PDFs with PdfPig's <see cref="PdfDocumentBuilder"/>: a title, headings, wrapped
/// paragraphs, bullet lists and tables set in columns, a running header and "Pagina N van M" footers, flowing over
/// A4 pages. Output is byte-for-byte reproducible (the random file ID is replaced by a hash of the content), so the
/// sample PDFs committed under ingest/samples can be checked against their source here.
/// </summary>
/// <remarks>
/// Standard 14 fonts carry no euro sign or accented letters in PdfPig's encoding: texts written with it say "euro"
/// and avoid diacritics.
/// </remarks>
internal sealed partial class PdfLayoutWriter
{
    private const double Left = 56;
    private const double Right = 539;
    private const double Top = 770;
    private const double Bottom = 72;

    private readonly PdfDocumentBuilder _builder = new();
    private readonly PdfDocumentBuilder.AddedFont _regular;
    private readonly PdfDocumentBuilder.AddedFont _bold;
    private readonly List<PdfPageBuilder> _pages = [];
    private readonly string? _runningHeader;
    private PdfPageBuilder _page = null!;
    private double _y;

    public PdfLayoutWriter(string title, string? runningHeader = null, string date = "D:20260105090000")
    {
        _builder.DocumentInformation.Title = title;
        _builder.DocumentInformation.Author = "Gemeente Lindenhaven";
        _builder.DocumentInformation.Producer = "KCC Assistant sample generator";
        _builder.DocumentInformation.CreationDate = date;
        _builder.DocumentInformation.ModifiedDate = date;
        _regular = _builder.AddStandard14Font(Standard14Font.Helvetica);
        _bold = _builder.AddStandard14Font(Standard14Font.HelveticaBold);
        _runningHeader = runningHeader;
        NewPage();
    }

    public int PageCount => _pages.Count;

    public PdfLayoutWriter Title(string text) => Block(text, 18, _bold, spaceBefore: 0, spaceAfter: 10);

    public PdfLayoutWriter Heading(string text)
    {
        // Never a heading alone at the foot of a page.
        if (_y - 60 < Bottom)
        {
            NewPage();
        }

        return Block(text, 13, _bold, spaceBefore: 10, spaceAfter: 4);
    }

    public PdfLayoutWriter Subheading(string text) => Block(text, 10, _bold, spaceBefore: 6, spaceAfter: 2);

    public PdfLayoutWriter Paragraph(string text) => Block(text, 10, _regular, spaceBefore: 0, spaceAfter: 8);

    public PdfLayoutWriter Bullets(params string[] items)
    {
        foreach (var item in items)
        {
            var lines = Wrap(item, 10, _regular, Right - Left - 14);
            EnsureRoom(lines.Count * 13);
            _page.AddText("-", 10, new PdfPoint(Left + 2, _y), _regular);
            foreach (var line in lines)
            {
                _page.AddText(line, 10, new PdfPoint(Left + 14, _y), _regular);
                _y -= 13;
            }
        }

        _y -= 6;
        return this;
    }

    /// <summary>A table: the first row is the header (bold); <paramref name="columns"/> are the left edges of the columns.</summary>
    public PdfLayoutWriter Table(double[] columns, params string[][] rows)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            EnsureRoom(14);
            var font = r == 0 ? _bold : _regular;
            for (var c = 0; c < rows[r].Length; c++)
            {
                _page.AddText(rows[r][c], 10, new PdfPoint(Left + columns[c], _y), font);
            }

            if (r == 0)
            {
                _page.DrawLine(new PdfPoint(Left, _y - 3), new PdfPoint(Right, _y - 3), 0.5);
            }

            _y -= 14;
        }

        _y -= 8;
        return this;
    }

    public PdfLayoutWriter PageBreak()
    {
        NewPage();
        return this;
    }

    /// <summary>A page with only a picture: what a scanner produces (no text layer).</summary>
    public PdfLayoutWriter ScannedPage()
    {
        _page.AddPng(GreyPng(120, 160), new PdfRectangle(Left, Bottom, Right, Top));
        return this;
    }

    public byte[] Build()
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            if (_runningHeader is not null)
            {
                _pages[i].AddText(_runningHeader, 8, new PdfPoint(Left, 805), _regular);
            }

            _pages[i].AddText($"Pagina {i + 1} van {_pages.Count}", 8, new PdfPoint(Right - 60, 40), _regular);
        }

        return Reproducible(_builder.Build());
    }

    // PdfPig writes a random /ID in the trailer; the same content must give the same bytes.
    internal static byte[] Reproducible(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var match = TrailerId().Match(text);
        if (!match.Success)
        {
            return pdf;
        }

        var withoutId = text.Remove(match.Index, match.Length);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.Latin1.GetBytes(withoutId)))[..32];
        var id = $"/ID [ <{hash}><{hash}>]";
        return id.Length == match.Length ? Encoding.Latin1.GetBytes(text.Remove(match.Index, match.Length).Insert(match.Index, id)) : pdf;
    }

    private PdfLayoutWriter Block(string text, double size, PdfDocumentBuilder.AddedFont font, double spaceBefore, double spaceAfter)
    {
        var leading = size * 1.3;
        var lines = Wrap(text, size, font, Right - Left);
        _y -= spaceBefore;
        foreach (var line in lines)
        {
            EnsureRoom(leading);
            _page.AddText(line, size, new PdfPoint(Left, _y), font);
            _y -= leading;
        }

        _y -= spaceAfter;
        return this;
    }

    private void EnsureRoom(double height)
    {
        if (_y - height < Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _page = _builder.AddPage(PageSize.A4);
        _pages.Add(_page);
        _y = Top;
    }

    private List<string> Wrap(string text, double size, PdfDocumentBuilder.AddedFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Width(candidate, size, font) > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private double Width(string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        var letters = _page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }

    // A grey greyscale PNG, written by hand (signature, IHDR, one zlib IDAT, IEND) so tests need no image files.
    private static byte[] GreyPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter: none
                for (var x = 0; x < width; x++)
                {
                    zlib.WriteByte((byte)(200 + ((x * 7 + y * 3) % 40)));
                }
            }
        }

        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    [GeneratedRegex(@"/ID \[ <[0-9A-F]{32}><[0-9A-F]{32}>\]", RegexOptions.CultureInvariant)]
    private static partial Regex TrailerId();
}
