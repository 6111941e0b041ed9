// main.cpp — the studio's platform layer: GLFW + OpenGL 3 natively, GLFW + WebGL 2 under
// Emscripten. Usage: referral-studio [PACK_DIR|PACK.referral-pack] [--cases DIR] [--tab N] [--rule RULE_ID]
//                     [--export-pack OUT.referral-pack] [--screenshot OUT.png]
//
// --export-pack: with --screenshot, writes the pack in force as one file (as the pack-checks
// panel's 导出规则包文件 does into the working folder) and reports "exported" in the status line.
//
// --cases: the behaviour cases the pack-checks panel runs (default: tests/cases of the repository
// the studio is run from or was built in, when there is one). The web build has them compiled in.
//
// --screenshot renders a few frames, writes the framebuffer as PNG, prints the status JSON
// and how many distinct colours the frame has (the test checks it is not blank), then exits.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <GLFW/glfw3.h>

#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "imgui.h"
#include "host/folder.h"
#include "studio/app.h"
#include "studio/embedded_cases.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <png.h>
#endif
#include <set>

namespace {

using referral::studio::App;

struct Studio {
    GLFWwindow* window = nullptr;
    App* app = nullptr;
    int frames = 0;
    size_t colours = 0;  // distinct colours of frame 3, read back before it is shown
};

// Reads the current framebuffer; returns its RGBA pixels, bottom row first.
std::vector<unsigned char> read_pixels(GLFWwindow* window, int& w, int& h) {
    glfwGetFramebufferSize(window, &w, &h);
    std::vector<unsigned char> pixels(static_cast<size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    return pixels;
}

// Distinct colours in a sample of the pixels: a blank frame has one or two.
size_t count_colours(const std::vector<unsigned char>& pixels) {
    std::set<uint32_t> colours;
    for (size_t i = 0; i + 3 < pixels.size(); i += 4 * 7) {
        uint32_t c;
        std::memcpy(&c, &pixels[i], 4);
        colours.insert(c);
    }
    return colours.size();
}

void frame(void* arg) {
    Studio& s = *static_cast<Studio*>(arg);
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (io.DeltaTime <= 0) io.DeltaTime = 1.0f / 60;  // headless virtual time can stand still
    ImGui::NewFrame();
    s.app->draw();
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(s.window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.10f, 0.10f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (s.frames == 3) {
        int pw = 0, ph = 0;
        s.colours = count_colours(read_pixels(s.window, pw, ph));
    }
    glfwSwapBuffers(s.window);
    ++s.frames;
}

// The font beside the executable (native) or in the embedded file system (web).
std::string font_path(const char* argv0) {
#ifdef __EMSCRIPTEN__
    (void)argv0;
    return "/studio-font.ttf";
#else
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) exe = argv0;
    return (exe.parent_path() / "studio-font.ttf").string();
#endif
}

void load_font(const App& app, const std::string& path) {
    ImGuiIO& io = ImGui::GetIO();
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        std::fprintf(stderr, "referral-studio: no CJK font at %s; Chinese text will show as '?'\n", path.c_str());
        return;
    }
    std::fclose(f);
    static ImVector<ImWchar> ranges;  // must outlive the atlas build
    ImFontGlyphRangesBuilder builder;
    // The full CJK range costs nothing for glyphs the subset font lacks (the atlas skips them),
    // so every hanzi the subset kept — GB2312 level 1, the pack, the studio's labels — is drawn.
    builder.AddRanges(io.Fonts->GetGlyphRangesChineseFull());
    builder.AddText(app.glyph_text().c_str());
    builder.AddText("■⚠【】“”（）·→—");
    builder.BuildRanges(&ranges);
    io.Fonts->AddFontFromFileTTF(path.c_str(), 16.0f, nullptr, ranges.Data);
}

#ifndef __EMSCRIPTEN__
// Writes the back buffer as PNG; returns the number of distinct colours (0 on failure).
size_t screenshot(GLFWwindow* window, const std::string& out) {
    int w = 0, h = 0;
    std::vector<unsigned char> pixels = read_pixels(window, w, h);
    const size_t colours = count_colours(pixels);
    std::FILE* f = std::fopen(out.c_str(), "wb");
    if (!f) return 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(f);
        return 0;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, static_cast<png_uint_32>(w), static_cast<png_uint_32>(h), 8, PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = h - 1; y >= 0; --y) png_write_row(png, &pixels[static_cast<size_t>(y) * w * 4]);  // GL is bottom-up
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    return colours;
}
#endif

Studio* g_studio = nullptr;

#ifndef __EMSCRIPTEN__
// tests/cases of the repository: under the working folder, else above the executable
// (build/native/bin/referral-studio → the checkout). "" when neither has one.
std::string default_cases_dir(const char* argv0) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto cases_in = [&ec](const fs::path& root) {
        return fs::is_directory(root / "tests" / "cases", ec) && fs::is_directory(root / "forms", ec);
    };
    if (cases_in(fs::current_path(ec))) return (fs::path("tests") / "cases").string();
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) exe = fs::absolute(argv0, ec);
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
        if (cases_in(dir)) return (dir / "tests" / "cases").string();
    return "";
}
#endif

}  // namespace

#ifdef __EMSCRIPTEN__
// The page's test hook reads this through window.studioStatus().
extern "C" EMSCRIPTEN_KEEPALIVE const char* studio_status() {
    static std::string s;
    s = g_studio ? g_studio->app->status_json() : "{}";
    if (g_studio) s.insert(s.size() - 1, ",\"colours\":" + std::to_string(g_studio->colours));
    return s.c_str();
}
extern "C" EMSCRIPTEN_KEEPALIVE int studio_frames() { return g_studio ? g_studio->frames : 0; }
// The test hook for the export: the pack in force as one file ("" when it did not load).
extern "C" EMSCRIPTEN_KEEPALIVE const char* studio_pack_file() {
    static std::string s;
    s = g_studio ? g_studio->app->pack_file_text() : "";
    return s.c_str();
}
// 导出规则包文件 (the pack-checks panel's button), as the page's own control can call it too.
extern "C" EMSCRIPTEN_KEEPALIVE int studio_export_pack() { return g_studio && g_studio->app->export_pack().empty() ? 1 : 0; }

// A pack given as files (dropped on the page or chosen with the page's file input). The page
// asks for a buffer of n bytes, writes {"pack.json": "…", "rules.json": "…", …} (UTF-8, NUL
// terminated) into it, then calls studio_load_pack_files. The studio switches to that pack the
// way the native build loads a folder: load errors go to the pack-checks panel, the bundled pack
// stays the fallback. Returns the number of load errors, or -1 when the text is not a JSON object.
// The label (how the pack-checks panel names the source) goes the same way.
static std::string g_files_buffer, g_label_buffer;
extern "C" EMSCRIPTEN_KEEPALIVE char* studio_files_buffer(int n) {
    g_files_buffer.assign(static_cast<size_t>(n > 0 ? n : 0) + 1, '\0');
    return g_files_buffer.data();
}
extern "C" EMSCRIPTEN_KEEPALIVE char* studio_files_buffer_label(int n) {
    g_label_buffer.assign(static_cast<size_t>(n > 0 ? n : 0) + 1, '\0');
    return g_label_buffer.data();
}
extern "C" EMSCRIPTEN_KEEPALIVE int studio_load_pack_files() {
    if (!g_studio) return -1;
    const referral::json j = referral::json::parse(g_files_buffer.c_str(), nullptr, false);
    g_files_buffer.clear();
    g_files_buffer.shrink_to_fit();
    if (!j.is_object()) return -1;
    referral::PackFiles files;
    for (const auto& [name, text] : j.items()) {
        if (!text.is_string()) continue;
        const size_t slash = name.find_last_of('/');  // a folder's relative path → its file name
        files[slash == std::string::npos ? name : name.substr(slash + 1)] = text.get<std::string>();
    }
    g_studio->app->load_files(std::move(files), g_label_buffer.c_str());
    return static_cast<int>(g_studio->app->load_error_count());
}
#endif

int main(int argc, char** argv) {
    std::string pack_dir, shot, rule, cases_dir, export_to;
    bool cases_given = false;
    int tab = -1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--screenshot" && i + 1 < argc) shot = argv[++i];
        else if (a == "--tab" && i + 1 < argc) tab = std::atoi(argv[++i]);
        else if (a == "--rule" && i + 1 < argc) rule = argv[++i];
        else if (a == "--cases" && i + 1 < argc) cases_dir = argv[++i], cases_given = true;
        else if (a == "--export-pack" && i + 1 < argc) export_to = argv[++i];
        else if (a == "--help" || a == "-h") {
            std::printf("usage: referral-studio [PACK_DIR|PACK.referral-pack] [--cases DIR] [--tab 0-4] [--rule RULE_ID] "
                        "[--export-pack OUT.referral-pack] [--screenshot OUT.png]\n");
            return 0;
        } else pack_dir = a;
    }
    if (!glfwInit()) {
        std::fprintf(stderr, "referral-studio: cannot initialise GLFW (no display?)\n");
        return 1;
    }
#ifdef __EMSCRIPTEN__
    const char* glsl = "#version 300 es";
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
    const char* glsl = "#version 130";
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#endif
    GLFWwindow* window = glfwCreateWindow(1400, 900, "移送助手 · 规则包工作台", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "referral-studio: cannot open a window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(shot.empty() ? 1 : 0);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init(glsl);

    static App app(pack_dir);
#ifdef __EMSCRIPTEN__
    // The page downloads it (shell.html: window.studioDownload).
    app.set_exporter([](const std::string& name, const std::string& text) -> std::string {
        const int ok = EM_ASM_INT({
            if (!window.studioDownload) return 0;
            window.studioDownload(UTF8ToString($0), UTF8ToString($1));
            return 1;
        }, name.c_str(), text.c_str());
        return ok ? "" : "页面不能下载 / the page cannot download";
    });
#else
    // A file in the working folder, written whole or not at all.
    app.set_exporter([](const std::string& name, const std::string& text) {
        std::error_code ec;
        const std::filesystem::path cwd = std::filesystem::current_path(ec);
        return referral::write_file_atomically(((ec ? std::filesystem::path(".") : cwd) / name).string(), text);
    });
#endif
#ifdef __EMSCRIPTEN__
    (void)cases_given;
    app.use_case_files(referral::studio::embedded_cases(), "构建时嵌入的 tests/cases");
#else
    app.use_case_folder(cases_given ? cases_dir : default_cases_dir(argv[0]));
#endif
    if (tab >= 0) app.select_tab(tab);
    if (!rule.empty() && !app.select_rule(rule)) std::fprintf(stderr, "referral-studio: no rule %s\n", rule.c_str());
    load_font(app, font_path(argv[0]));
    static Studio studio{window, &app, 0};
    g_studio = &studio;

#ifdef __EMSCRIPTEN__
    emscripten_set_main_loop_arg(frame, &studio, 0, false);
#else
    if (!shot.empty()) {
        for (int i = 0; i < 4; ++i) frame(&studio);
        // Read the frame just drawn: render once more without swapping.
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        app.draw();
        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(0.10f, 0.10f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glReadBuffer(GL_BACK);
        const size_t colours = screenshot(window, shot);
        // --export-pack: the pack in force written as one file (as 导出规则包文件, to a path of choice).
        std::string exported = "null";
        if (!export_to.empty()) {
            const std::string text = app.pack_file_text();
            const std::string why = text.empty() ? "the pack did not load" : referral::write_file_atomically(export_to, text);
            exported = why.empty() ? "\"ok\"" : referral::json(why).dump();
        }
        std::printf("{\"status\":%s,\"frames\":%d,\"colours\":%zu,\"exported\":%s}\n", app.status_json().c_str(),
                    studio.frames + 1, colours, exported.c_str());
    } else {
        while (!glfwWindowShouldClose(window)) frame(&studio);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
#endif
    return 0;
}
