import { describe, expect, it } from "vitest";
import { searchKey, videoEmbedUrl } from "./help";

describe("videoEmbedUrl", () => {
  it("turns YouTube and Vimeo links into their privacy-friendly players", () => {
    const yt = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
    expect(videoEmbedUrl("https://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBe(yt);
    expect(videoEmbedUrl("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s")).toBe(yt);
    expect(videoEmbedUrl("https://m.youtube.com/watch?v=dQw4w9WgXcQ")).toBe(yt);
    expect(videoEmbedUrl("https://youtu.be/dQw4w9WgXcQ")).toBe(yt);
    expect(videoEmbedUrl("https://www.youtube.com/shorts/dQw4w9WgXcQ")).toBe(yt);
    expect(videoEmbedUrl("https://www.youtube.com/embed/dQw4w9WgXcQ")).toBe(yt);
    expect(videoEmbedUrl("https://vimeo.com/76979871")).toBe("https://player.vimeo.com/video/76979871");
    expect(videoEmbedUrl("https://player.vimeo.com/video/76979871")).toBe("https://player.vimeo.com/video/76979871");
  });

  it("gives null (a plain link) for other hosts, odd ids, and anything not https", () => {
    expect(videoEmbedUrl("https://videos.example.com/tour")).toBeNull();
    expect(videoEmbedUrl("https://www.youtube.com/watch?v=short")).toBeNull();
    expect(videoEmbedUrl('https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>')).toBeNull();
    expect(videoEmbedUrl("https://www.youtube.com/channel/UC123")).toBeNull();
    expect(videoEmbedUrl("https://vimeo.com/channels/staffpicks")).toBeNull();
    expect(videoEmbedUrl("http://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBeNull();
    expect(videoEmbedUrl("https://youtube.com.evil.test/watch?v=dQw4w9WgXcQ")).toBeNull();
    expect(videoEmbedUrl("javascript:alert(1)")).toBeNull();
    expect(videoEmbedUrl("not a url")).toBeNull();
  });
});

describe("searchKey", () => {
  it("lowers case, drops accents and collapses spacing, so LIKE matches alike on both databases", () => {
    expect(searchKey("  Café   Opening\nHOURS ")).toBe("cafe opening hours");
    expect(searchKey("Ärger über Straße")).toBe("arger uber straße");
  });
});
