using System.Globalization;
using System.Text;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// The rules of one robots.txt for one crawler, following RFC 9309: the groups whose user-agent equals the crawler's
/// product token (case-insensitive) are merged, otherwise the <c>*</c> groups; the longest matching Allow/Disallow
/// path wins, Allow on a tie; <c>*</c> matches any characters and a trailing <c>$</c> anchors the end.
/// Crawl-delay and Sitemap lines (extensions outside the RFC) are read as well.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>RFC 9309 section 2.5: crawlers must parse at least 500 KiB; anything after is ignored.</summary>
    public const int MaxBytes = 512 * 1024;

    private readonly List<Rule> _rules;

    private RobotsTxt(List<Rule> rules, TimeSpan? crawlDelay, IReadOnlyList<string> sitemaps, bool disallowAll)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
        Sitemaps = sitemaps;
        DisallowsAll = disallowAll;
    }

    /// <summary>No robots.txt (4xx): everything may be crawled.</summary>
    public static RobotsTxt AllowAll { get; } = new([], null, [], disallowAll: false);

    /// <summary>robots.txt unreachable (5xx, network error): nothing may be crawled (RFC 9309 section 2.3.1.4).</summary>
    public static RobotsTxt DisallowAll { get; } = new([], null, [], disallowAll: true);

    /// <summary>The Crawl-delay of the matched group, when it sets one.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>Sitemap URLs listed anywhere in the file (not group-specific).</summary>
    public IReadOnlyList<string> Sitemaps { get; }

    /// <summary>True for the unreachable case: every path is disallowed.</summary>
    public bool DisallowsAll { get; }

    /// <summary>The product token of a User-Agent string: "KccAssistantBot/1.0 (+https://...)" gives "KccAssistantBot".</summary>
    public static string ProductToken(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        var end = 0;
        var trimmed = userAgent.Trim();
        while (end < trimmed.Length && (char.IsAsciiLetter(trimmed[end]) || trimmed[end] is '_' or '-'))
        {
            end++;
        }

        return trimmed[..end];
    }

    /// <summary>Parses a robots.txt for the crawler identified by <paramref name="userAgent"/> (a full User-Agent or a product token).</summary>
    public static RobotsTxt Parse(string content, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(content);
        var token = ProductToken(userAgent);
        var sitemaps = new List<string>();

        var specific = new List<Rule>();
        var wildcard = new List<Rule>();
        TimeSpan? specificDelay = null, wildcardDelay = null;
        bool anySpecific = false, anyWildcard = false;

        // The group being read: which agents it names and whether its rules have started (a user-agent line after
        // a rule starts a new group).
        bool groupIsSpecific = false, groupIsWildcard = false, inRules = false, inGroup = false;

        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            line = line.Trim().TrimStart('\uFEFF');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent" or "useragent" or "user agent":
                    if (inRules || !inGroup)
                    {
                        groupIsSpecific = groupIsWildcard = inRules = false;
                        inGroup = true;
                    }

                    if (value == "*")
                    {
                        groupIsWildcard = true;
                        anyWildcard = true;
                    }
                    else if (token.Length > 0 && string.Equals(ProductToken(value), token, StringComparison.OrdinalIgnoreCase))
                    {
                        groupIsSpecific = true;
                        anySpecific = true;
                    }

                    break;
                case "allow" or "disallow":
                    if (!inGroup)
                    {
                        break;
                    }

                    inRules = true;
                    if (value.Length == 0)
                    {
                        // "Disallow:" with no path matches nothing.
                        break;
                    }

                    var rule = new Rule(NormalizePattern(value), key == "allow");
                    if (groupIsSpecific)
                    {
                        specific.Add(rule);
                    }

                    if (groupIsWildcard)
                    {
                        wildcard.Add(rule);
                    }

                    break;
                case "crawl-delay":
                    if (!inGroup)
                    {
                        break;
                    }

                    inRules = true;
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 86400)
                    {
                        var delay = TimeSpan.FromSeconds(seconds);
                        if (groupIsSpecific)
                        {
                            specificDelay ??= delay;
                        }

                        if (groupIsWildcard)
                        {
                            wildcardDelay ??= delay;
                        }
                    }

                    break;
                case "sitemap":
                    if (value.Length > 0)
                    {
                        sitemaps.Add(value);
                    }

                    break;
                default:
                    // Unknown lines (Host:, Clean-param:, ...) neither end a group nor start one.
                    break;
            }
        }

        return anySpecific
            ? new RobotsTxt(specific, specificDelay, sitemaps, disallowAll: false)
            : new RobotsTxt(anyWildcard ? wildcard : [], anyWildcard ? wildcardDelay : null, sitemaps, disallowAll: false);
    }

    /// <summary>Whether the crawler may fetch <paramref name="url"/>.</summary>
    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return IsAllowed(url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString);
    }

    /// <summary>Whether the crawler may fetch a path (with query), e.g. "/zoeken?q=paspoort".</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (pathAndQuery.Length == 0)
        {
            pathAndQuery = "/";
        }

        // RFC 9309 section 2.2.2: /robots.txt is always allowed.
        if (pathAndQuery == "/robots.txt")
        {
            return true;
        }

        if (DisallowsAll)
        {
            return false;
        }

        var path = NormalizePath(pathAndQuery);
        Rule? best = null;
        foreach (var rule in _rules)
        {
            if (!rule.Matches(path))
            {
                continue;
            }

            if (best is null || rule.Length > best.Length || (rule.Length == best.Length && rule.Allow && !best.Allow))
            {
                best = rule;
            }
        }

        return best?.Allow ?? true;
    }

    // RFC 9309 section 2.2.2: compare percent-encoded, with unreserved characters decoded and non-ASCII encoded.
    private static string NormalizePattern(string pattern) => NormalizePath(pattern);

    private static string NormalizePath(string value)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                var decoded = (char)Convert.ToInt32(value.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~')
                {
                    builder.Append(decoded);
                }
                else
                {
                    builder.Append('%').Append(char.ToUpperInvariant(value[i + 1])).Append(char.ToUpperInvariant(value[i + 2]));
                }

                i += 2;
            }
            else if (c > 0x7F)
            {
                var length = Encoding.UTF8.GetBytes(char.IsHighSurrogate(c) && i + 1 < value.Length ? value.AsSpan(i, 2) : value.AsSpan(i, 1), bytes);
                if (char.IsHighSurrogate(c))
                {
                    i++;
                }

                foreach (var b in bytes[..length])
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private sealed class Rule
    {
        private readonly string[] _parts;
        private readonly bool _anchored;

        public Rule(string pattern, bool allow)
        {
            Allow = allow;
            Length = pattern.Length;
            _anchored = pattern.EndsWith('$');
            _parts = (_anchored ? pattern[..^1] : pattern).Split('*');
        }

        public bool Allow { get; }

        /// <summary>Octets in the rule's path: the most specific match wins.</summary>
        public int Length { get; }

        public bool Matches(string path)
        {
            if (!path.StartsWith(_parts[0], StringComparison.Ordinal))
            {
                return false;
            }

            if (_parts.Length == 1)
            {
                return !_anchored || path.Length == _parts[0].Length;
            }

            var position = _parts[0].Length;
            for (var i = 1; i < _parts.Length - 1; i++)
            {
                var found = path.IndexOf(_parts[i], position, StringComparison.Ordinal);
                if (found < 0)
                {
                    return false;
                }

                position = found + _parts[i].Length;
            }

            var last = _parts[^1];
            if (_anchored)
            {
                return path.Length - last.Length >= position && path.EndsWith(last, StringComparison.Ordinal);
            }

            return path.IndexOf(last, position, StringComparison.Ordinal) >= 0;
        }
    }
}
