<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CatalogBar</name>
    <message>
        <source>The built-in model is tiny and cannot write Chinese. Download a better one for this machine?</source>
        <translation>内置模型很小，不会写中文。要为本机下载一个更好的模型吗？</translation>
    </message>
    <message>
        <source>Choose a Model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Not Now</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>CatalogDialog</name>
    <message>
        <source>Models to Start With</source>
        <translation>可选用的模型</translation>
    </message>
    <message>
        <source>The built-in model is tiny and cannot write Chinese. These run on this machine without the network once downloaded; ★ marks the one recommended for it.</source>
        <translation>内置模型很小，不会写中文。下面这些模型下载后可在本机离线运行；★ 标出推荐给本机的一个。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>所需内存</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>可运行</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>太大</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Embedding models for Sources: hybrid search finds passages by meaning, in any language; not for writing</source>
        <translation>资料的嵌入模型：混合搜索按意思查找段落，不限语言；不用于写作</translation>
    </message>
    <message>
        <source>&amp;Download and Use</source>
        <translation>下载并使用(&amp;D)</translation>
    </message>
    <message>
        <source>%1 is now the embedding model for Sources (the setting %2): %3 gives your passages their vectors for hybrid search.</source>
        <translation>%1 现在是资料的嵌入模型（设置项 %2）：%3 会为你的段落生成向量，用于混合搜索。</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command Palette</source>
        <translation>命令面板</translation>
    </message>
    <message>
        <source>Type a command…</source>
        <translation>输入命令…</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare with the File on Disk</source>
        <translation>与磁盘上的文件比较</translation>
    </message>
    <message>
        <source>Struck out: only in the file on disk. Highlighted: only in your text of %1.</source>
        <translation>删除线：仅在磁盘上的文件中。高亮：仅在你编辑的 %1 中。</translation>
    </message>
</context>
<context>
    <name>DiskChangeBar</name>
    <message>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <source>Read the file from disk; Undo brings your text back</source>
        <translation>从磁盘读取文件；撤销可找回你的文本</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <source>Keep your text; saving will replace the file on disk</source>
        <translation>保留你的文本；保存时将替换磁盘上的文件</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>%1 was deleted or moved on disk. Your text is still here: save it to write the file again.</source>
        <translation>%1 已在磁盘上被删除或移动。你的文本仍在这里：保存即可重新写入文件。</translation>
    </message>
    <message>
        <source>%1 was changed by another program, and you have unsaved changes.</source>
        <translation>%1 已被其他程序修改，而你有未保存的更改。</translation>
    </message>
</context>
<context>
    <name>DocumentTab</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>1 byte is not valid %1: it is shown as � and saved back as it was.</source>
        <translation>有 1 个字节不是有效的 %1：显示为 �，保存时原样写回。</translation>
    </message>
    <message>
        <source>%1 bytes are not valid %2: each is shown as � and saved back as it was.</source>
        <translation>有 %1 个字节不是有效的 %2：每个都显示为 �，保存时原样写回。</translation>
    </message>
    <message>
        <source>A line of %1 characters is too long to edit here (the limit is %2): the document is open read-only, long lines shown in pieces of %3. The file is not changed.</source>
        <translation>有一行长达 %1 个字符，太长，无法在此编辑（上限为 %2）：文档以只读方式打开，长行按每段 %3 个字符分段显示。文件本身不会改变。</translation>
    </message>
    <message>
        <source>Too long to preview.</source>
        <translation>太长，无法预览。</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download a Model</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <source>or a plain URL of a .gguf file</source>
        <translation>或直接填写 .gguf 文件的网址</translation>
    </message>
    <message>
        <source>checksum, if you know it (the Hub supplies its own)</source>
        <translation>已知校验值时填写（Hugging Face 会自动提供）</translation>
    </message>
    <message>
        <source>Hugging Face repository</source>
        <translation>Hugging Face 仓库</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Give a repository and a file, or a URL.</source>
        <translation>请填写仓库和文件名，或者一个网址。</translation>
    </message>
    <message>
        <source>Looking up the file…</source>
        <translation>正在查找文件…</translation>
    </message>
    <message>
        <source>%1 of %2 MiB at %3 MiB/s</source>
        <translation>已下载 %1 / %2 MiB，速度 %3 MiB/s</translation>
    </message>
    <message>
        <source>Stopped; download again to resume.</source>
        <translation>已停止；再次下载即可从中断处继续。</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>AI</source>
        <translation>AI</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>A save was interrupted; the file as it was before is kept at %1.</source>
        <translation>有一次保存被中断；文件原先的内容保存在 %1。</translation>
    </message>
    <message>
        <source>Autosave and crash recovery are off: %1 cannot be written (%2).</source>
        <translation>自动保存和崩溃恢复已关闭：无法写入 %1（%2）。</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>The writing memory was set aside</source>
        <translation>写作记忆已移到一旁</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Text and Markdown (*.txt *.md *.markdown);;All files (*)</source>
        <translation>文本和 Markdown (*.txt *.md *.markdown);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reopen with Encoding</source>
        <translation>以其他编码重新打开</translation>
    </message>
    <message>
        <source>The encoding of %1:</source>
        <translation>%1 的编码：</translation>
    </message>
    <message>
        <source>Cannot reopen the file</source>
        <translation>无法重新打开文件</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Markdown (*.md);;Text (*.txt);;All files (*)</source>
        <translation>Markdown (*.md);;文本 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The document was not saved</source>
        <translation>文档未能保存</translation>
    </message>
    <message>
        <source>Reload it, or keep your text to replace the file.</source>
        <translation>请重新载入，或保留你的文本以替换该文件。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>“%1”有未保存的更改，要保存吗？</translation>
    </message>
    <message>
        <source>%1 changed on disk and was reloaded.</source>
        <translation>%1 已在磁盘上更改，已重新载入。</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>已替换 %n 处</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find and &amp;Replace…</source>
        <translation>查找和替换(&amp;R)…</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>重置缩放(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Wrap Lines</source>
        <translation>自动换行(&amp;W)</translation>
    </message>
    <message>
        <source>Markdown &amp;Preview</source>
        <translation>Markdown 预览(&amp;P)</translation>
    </message>
    <message>
        <source>AI &amp;Results Panel</source>
        <translation>AI 结果面板(&amp;R)</translation>
    </message>
    <message>
        <source>Writing &amp;Memory</source>
        <translation>写作记忆(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Accept Proposal</source>
        <translation>接受修改建议(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;ject Proposal</source>
        <translation>拒绝修改建议(&amp;J)</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Command &amp;Palette…</source>
        <translation>命令面板(&amp;P)…</translation>
    </message>
    <message>
        <source>Inline &amp;Suggestions</source>
        <translation>行内建议(&amp;S)</translation>
    </message>
    <message>
        <source>Grey words that finish your sentence as you type; Tab takes them</source>
        <translation>输入时以灰色文字补全句子；按 Tab 采用</translation>
    </message>
    <message>
        <source>&amp;Model…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Plugins…</source>
        <translation>插件(&amp;P)…</translation>
    </message>
    <message>
        <source>Prompt &amp;Tools…</source>
        <translation>提示词工具(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Reopen with &amp;Encoding</source>
        <translation>以其他编码重新打开(&amp;E)</translation>
    </message>
    <message>
        <source>Save with E&amp;ncoding</source>
        <translation>以指定编码保存(&amp;N)</translation>
    </message>
    <message>
        <source>Other…</source>
        <translation>其他…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;AI</source>
        <translation>AI(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Some things need your attention</source>
        <translation>有些事项需要你注意</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <source>Writing Memory</source>
        <translation>写作记忆</translation>
    </message>
    <message>
        <source>Audience, tone, style: what every tool should know about this text.</source>
        <translation>读者、语气、文风：每个工具都应了解的关于本文的信息。</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译法</translation>
    </message>
    <message>
        <source>Add Term</source>
        <translation>添加术语</translation>
    </message>
    <message>
        <source>Remove Term</source>
        <translation>删除术语</translation>
    </message>
    <message>
        <source>Notes (at the start of every prompt)</source>
        <translation>备注（放在每个提示词的开头）</translation>
    </message>
    <message>
        <source>Glossary (translation follows it, and says where it did not)</source>
        <translation>术语表（翻译时遵循，并指出未遵循之处）</translation>
    </message>
    <message>
        <source>Empty: prompts are as the tools write them.</source>
        <translation>为空：提示词保持工具原样。</translation>
    </message>
    <message>
        <source>Counting the tokens of the notes…</source>
        <translation>正在计算备注的词元数…</translation>
    </message>
    <message>
        <source>The notes take %1 tokens of every prompt.</source>
        <translation>备注在每个提示词中占 %1 个词元。</translation>
    </message>
</context>
<context>
    <name>ModelDialog</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Import into Library…</source>
        <translation>导入模型库…</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>下载…</translation>
    </message>
    <message>
        <source>Catalog…</source>
        <translation>模型目录…</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>This build of llama.cpp has no GPU support, or no GPU was found. See the README to build it for CUDA, Metal or Vulkan.</source>
        <translation>当前的 llama.cpp 版本不支持 GPU，或者没有找到 GPU。如何编译支持 CUDA、Metal 或 Vulkan 的版本，请参阅 README。</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>模型默认值</translation>
    </message>
    <message>
        <source>adaptive</source>
        <translation>自动调整</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>llama.cpp built with: %1</source>
        <translation>llama.cpp 编译后端：%1</translation>
    </message>
    <message>
        <source>the first model the server offers</source>
        <translation>服务器提供的第一个模型</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Kept in the system keyring.</source>
        <translation>保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>There is no system keyring here: the key is kept in settings.json, which only you can read.</source>
        <translation>此系统没有密钥环：密钥保存在设置文件中，只有您本人能读取。</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Add a folder of models</source>
        <translation>添加模型文件夹</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>New file name:</source>
        <translation>新文件名：</translation>
    </message>
    <message>
        <source>Delete %1 from the library?</source>
        <translation>要从模型库中删除 %1 吗？</translation>
    </message>
    <message>
        <source>Needs about %1 MiB of memory at this context size</source>
        <translation>在此上下文长度下约需 %1 MiB 内存</translation>
    </message>
    <message>
        <source>, %1 MiB of it on the GPU</source>
        <translation>，其中 %1 MiB 在 GPU 上</translation>
    </message>
    <message>
        <source>; %1 MiB free.</source>
        <translation>；当前可用 %1 MiB。</translation>
    </message>
    <message>
        <source>chat template</source>
        <translation>有对话模板</translation>
    </message>
    <message>
        <source>no chat template (plain prompts)</source>
        <translation>无对话模板（使用纯文本提示）</translation>
    </message>
    <message>
        <source>%1, %2B parameters, %3, context %4 tokens, %5 GiB, %6</source>
        <translation>%1，%2B 参数，%3，上下文 %4 词元，%5 GiB，%6</translation>
    </message>
    <message>
        <source>The API key holds a space, a line break or another character no key has; paste it again.</source>
        <translation>API 密钥中含有空格、换行或其他密钥不会有的字符，请重新粘贴。</translation>
    </message>
    <message>
        <source>The previous model stays loaded.</source>
        <translation>仍在使用之前的模型。</translation>
    </message>
</context>
<context>
    <name>ModelLoading</name>
    <message>
        <source>There is no backend named %1.</source>
        <translation>没有名为 %1 的后端。</translation>
    </message>
    <message>
        <source>The model could not be loaded</source>
        <translation>模型加载失败</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Hide this notice</source>
        <translation>隐藏此提示</translation>
    </message>
</context>
<context>
    <name>PluginDialog</name>
    <message>
        <source>Plugins</source>
        <translation>插件</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Plugin</source>
        <translation>插件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Install…</source>
        <translation>安装(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Uninstall</source>
        <translation>卸载(&amp;U)</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Install a Plugin</source>
        <translation>安装插件</translation>
    </message>
    <message>
        <source>A name on PyPI, a path to a folder or wheel, or a URL:</source>
        <translation>PyPI 上的名称、文件夹或 wheel 文件的路径，或一个网址：</translation>
    </message>
    <message>
        <source>Running pip: %1 %2…</source>
        <translation>正在运行 pip：%1 %2…</translation>
    </message>
    <message>
        <source>Installed %1.</source>
        <translation>已安装 %1。</translation>
    </message>
    <message>
        <source>Uninstalled %1.</source>
        <translation>已卸载 %1。</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>PromptToolsDialog</name>
    <message>
        <source>Prompt Tools</source>
        <translation>提示词工具</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>复制(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>The prompt for the current selection:</source>
        <translation>对当前选中文字的提示词：</translation>
    </message>
    <message>
        <source>Each NAME.prompt file in %1 is a tool in the AI menu.</source>
        <translation>%1 中的每个 NAME.prompt 文件都是 AI 菜单中的一个工具。</translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1（内置）</translation>
    </message>
    <message>
        <source>New Prompt Tool</source>
        <translation>新建提示词工具</translation>
    </message>
    <message>
        <source>Its name (lower-case letters, digits, - and _):</source>
        <translation>名称（小写字母、数字、- 和 _）：</translation>
    </message>
    <message>
        <source>%1 is not a free name of lower-case letters, digits, - and _.</source>
        <translation>%1 不是可用的名称：须由小写字母、数字、- 和 _ 组成且未被占用。</translation>
    </message>
    <message>
        <source>My %1</source>
        <translation>我的 %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Delete Prompt Tool</source>
        <translation>删除提示词工具</translation>
    </message>
    <message>
        <source>Delete %1? Its file is removed.</source>
        <translation>删除 %1？它的文件将被移除。</translation>
    </message>
</context>
<context>
    <name>Proofing</name>
    <message>
        <source>Check As You &amp;Type</source>
        <translation>输入时检查(&amp;T)</translation>
    </message>
    <message>
        <source>Mark spelling, grammar and punctuation mistakes in this document</source>
        <translation>标出本文档中的拼写、语法和标点错误</translation>
    </message>
    <message>
        <source>Spelling &amp;Suggestions</source>
        <translation>修改建议(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+. on a marked word</source>
        <translation>在标出的词上按 Ctrl+.</translation>
    </message>
    <message>
        <source>&amp;Next Problem</source>
        <translation>下一个问题(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Problem</source>
        <translation>上一个问题(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Problems</source>
        <translation>问题(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;roofreading…</source>
        <translation>校对(&amp;R)…</translation>
    </message>
    <message>
        <source>Remove “%1”</source>
        <translation>删除“%1”</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Ignore Rule (%1)</source>
        <translation>忽略此规则（%1）</translation>
    </message>
    <message>
        <source>Add “%1” to Dictionary</source>
        <translation>把“%1”加入词典</translation>
    </message>
    <message>
        <source>The word was not saved: %1</source>
        <translation>词语未能保存：%1</translation>
    </message>
    <message>
        <source>No problem marked at the cursor.</source>
        <translation>光标处没有标出的问题。</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <source>(remove)</source>
        <translation>（删除）</translation>
    </message>
</context>
<context>
    <name>ProofreadingDialog</name>
    <message>
        <source>Proofreading</source>
        <translation>校对</translation>
    </message>
    <message>
        <source>Check as you type in new documents</source>
        <translation>新文档中输入时检查</translation>
    </message>
    <message>
        <source>Checkers</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>ProposalBar</name>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Apply the proposal (Ctrl+Enter)</source>
        <translation>应用这条建议 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Discard the proposal, leaving the text as it was (Esc)</source>
        <translation>放弃这条建议，文字保持原样 (Esc)</translation>
    </message>
    <message>
        <source>writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>not complete: see the note</source>
        <translation>未完成：请看说明</translation>
    </message>
</context>
<context>
    <name>ProposalView</name>
    <message>
        <source>The text before the insertion point changed while the proposal was written.</source>
        <translation>在生成建议期间，插入点之前的文字已被修改。</translation>
    </message>
    <message>
        <source>The text under the proposal changed while it was written.</source>
        <translation>在生成建议期间，建议所针对的文字已被修改。</translation>
    </message>
    <message>
        <source>The model wrote nothing. Retry, or try other options.</source>
        <translation>模型没有生成任何内容。请重试，或换一些选项。</translation>
    </message>
    <message>
        <source>The model gave the text back unchanged: there is nothing to accept.</source>
        <translation>模型原样返回了文字：没有可接受的修改。</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover Unsaved Documents</source>
        <translation>恢复未保存的文档</translation>
    </message>
    <message>
        <source>The app did not close properly last time. These documents had unsaved changes. Drafts you neither restore nor discard are offered again next time.</source>
        <translation>上次程序未正常关闭。这些文档有未保存的更改。既未恢复也未丢弃的草稿会在下次启动时再次提供。</translation>
    </message>
    <message>
        <source>Discard Checked…</source>
        <translation>丢弃所选…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Discard Drafts</source>
        <translation>丢弃草稿</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n unsaved draft(s) for good?</source>
        <translation>
            <numerusform>永久删除 %n 份未保存的草稿？</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore Checked</source>
        <translation>恢复所选文档</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Insert at Cursor</source>
        <translation>插入到光标处</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>AI Results</source>
        <translation>AI 结果</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>the system&apos;s font</source>
        <translation>系统默认字体</translation>
    </message>
    <message>
        <source>While you pause, the model reads the text before the cursor, so that continuing starts at once. Never on battery saver.</source>
        <translation>你停顿时，模型预先读取光标前的文字，续写便能立即开始。省电模式下不会进行。</translation>
    </message>
    <message>
        <source>Where models are downloaded from when huggingface.co cannot be reached; empty for huggingface.co.</source>
        <translation>无法访问 huggingface.co 时从这里下载模型；留空则使用 huggingface.co。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>Min p</source>
        <translation>Min p</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Most tokens per answer</source>
        <translation>每次回答的最多词元数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Editor font</source>
        <translation>编辑器字体</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Wrap lines</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <source>Autosave every (seconds)</source>
        <translation>自动保存间隔（秒）</translation>
    </message>
    <message>
        <source>Prepare the model while I pause</source>
        <translation>停顿时预先准备模型</translation>
    </message>
    <message>
        <source>Inline suggestions (Tab takes them)</source>
        <translation>行内建议（按 Tab 采用）</translation>
    </message>
    <message>
        <source>Hugging Face mirror</source>
        <translation>Hugging Face 镜像</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>SourcePreview</name>
    <message>
        <source>%1, page %2</source>
        <translation>%1，第 %2 页</translation>
    </message>
    <message>
        <source>The file cannot be read now: %1</source>
        <translation>现在无法读取这个文件：%1</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>Sources</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add File…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add Folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>Add File</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <source>Search your sources</source>
        <translation>搜索你的资料</translation>
    </message>
    <message>
        <source>Ask your sources a question</source>
        <translation>向你的资料提问</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>资料(&amp;S)</translation>
    </message>
    <message>
        <source>Cannot add the source</source>
        <translation>无法添加资料</translation>
    </message>
    <message>
        <source>%1 (%2 files, %3 passages)</source>
        <translation>%1（%2 个文件，%3 个段落）</translation>
    </message>
    <message>
        <source>Add the folders and files you write from: notes, references, drafts.</source>
        <translation>添加你写作时参考的文件夹和文件：笔记、参考资料、旧稿。</translation>
    </message>
    <message>
        <source>Indexing %1…</source>
        <translation>正在建立索引：%1…</translation>
    </message>
    <message>
        <source>%1 files, %2 passages, up to date.</source>
        <translation>%1 个文件，%2 个段落，已是最新。</translation>
    </message>
    <message>
        <source>%1 skipped (point here to see why).</source>
        <translation>跳过 %1 个（指向这里查看原因）。</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>没有找到。</translation>
    </message>
    <message>
        <source>Insert Citation</source>
        <translation>插入引文</translation>
    </message>
    <message>
        <source>Looking in your sources…</source>
        <translation>正在查找你的资料…</translation>
    </message>
    <message>
        <source>Nothing in your sources answers this.</source>
        <translation>你的资料中没有能回答这个问题的内容。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>No model</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>正在阅读…</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>context %1</source>
        <translation>上下文 %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>context %1 of %2</source>
        <translation>上下文 %1 / %2</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>设置未能保存：%1</translation>
    </message>
    <message>
        <source>The writing memory was not saved: %1</source>
        <translation>写作记忆未能保存：%1</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <source>No installed font shows Chinese characters: install one (Noto Sans CJK, for instance the fonts-noto-cjk package) to read and write Chinese.</source>
        <translation>没有已安装的字体能显示汉字：请安装一种（例如 Noto Sans CJK，即 fonts-noto-cjk 软件包）以便阅读和书写中文。</translation>
    </message>
</context>
<context>
    <name>ToolOptionsDialog</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
</context>
<context>
    <name>ToolRuns</name>
    <message>
        <source>This tool is no longer available.</source>
        <translation>这个工具已不可用。</translation>
    </message>
    <message>
        <source>The model is loading.</source>
        <translation>模型正在加载。</translation>
    </message>
    <message>
        <source>Another tool is running; stop it first.</source>
        <translation>另一个工具正在运行，请先停止它。</translation>
    </message>
    <message>
        <source>The document is open read-only: %1 would change it.</source>
        <translation>文档以只读方式打开：%1 会修改它。</translation>
    </message>
    <message>
        <source>Select some text first: %1 works on the selection.</source>
        <translation>请先选择文字：“%1”只处理选中的内容。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>WordCount</name>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>%1 characters</source>
        <translation>%1 个字符</translation>
    </message>
    <message>
        <source>%1 words, %2 characters</source>
        <translation>%1 词，%2 字符</translation>
    </message>
    <message>
        <source>%1 of %2 words selected</source>
        <translation>已选 %1 词，共 %2 词</translation>
    </message>
</context>
<context>
    <name>tools</name>
    <message>
        <source>Continue Writing</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Write on from the cursor, in the voice of the text before it.</source>
        <translation>从光标处接着写下去，延续前文的语气和风格。</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Rewrite the selection: shorter, longer, formal, casual, with grammar fixed, or as you say.</source>
        <translation>改写选中的文字：更简洁、更详细、更正式、更口语化、修正语法，或按你的要求改写。</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Translate the selection, or the whole document, keeping its paragraphs and markdown.</source>
        <translation>翻译选中的文字或整篇文档，保留段落和 Markdown 格式。</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Summarize the selection, or the whole document, in a sentence, a paragraph or bullets.</source>
        <translation>用一句话、一段话或要点列表概括选中的文字或整篇文档。</translation>
    </message>
    <message>
        <source>Extract Keywords</source>
        <translation>提取关键词</translation>
    </message>
    <message>
        <source>List the key phrases of the selection, or of the whole document.</source>
        <translation>列出选中文字或整篇文档的关键词。</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>自定义要求</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>译为</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原文语言</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Your own instruction, used instead of the style when given.</source>
        <translation>你自己的改写要求；填写后将代替上面的风格选项。</translation>
    </message>
    <message>
        <source>A language name or code; auto: English for Chinese text, else Simplified Chinese.</source>
        <translation>语言名称或代码；auto：中文译成英文，其他语言译成简体中文。</translation>
    </message>
    <message>
        <source>The text&apos;s language; auto detects it.</source>
        <translation>原文的语言；auto 表示自动识别。</translation>
    </message>
    <message>
        <source>Ask Your Sources</source>
        <translation>向资料提问</translation>
    </message>
    <message>
        <source>Answer the question in the selection from your sources alone, citing them.</source>
        <translation>只根据你的资料回答所选的问题，并注明出处。</translation>
    </message>
    <message>
        <source>Use sources</source>
        <translation>使用资料</translation>
    </message>
    <message>
        <source>Show the model the passages of your sources that best match the text before the cursor.</source>
        <translation>把资料中与光标前文字最相关的段落提供给模型。</translation>
    </message>
    <message>
        <source>Show the model the passages of your sources that best match the selection.</source>
        <translation>把资料中与所选文字最相关的段落提供给模型。</translation>
    </message>
    <message>
        <source>Check with Model</source>
        <translation>用模型校对</translation>
    </message>
    <message>
        <source>Ask the model for spelling and grammar corrections, sentence by sentence; only small edits are kept.</source>
        <translation>逐句请模型找出拼写和语法错误；只保留小的改动。</translation>
    </message>
    <message>
        <source>English spelling</source>
        <translation>英文拼写</translation>
    </message>
    <message>
        <source>Words missing from the English dictionary, with the likeliest corrections.</source>
        <translation>英文词典里没有的词，附上最可能的改法。</translation>
    </message>
    <message>
        <source>a or an</source>
        <translation>a 还是 an</translation>
    </message>
    <message>
        <source>“a” before a consonant sound, “an” before a vowel sound.</source>
        <translation>辅音前用“a”，元音前用“an”。</translation>
    </message>
    <message>
        <source>Repeated words</source>
        <translation>重复的词</translation>
    </message>
    <message>
        <source>A word typed twice: “the the”, “的的”.</source>
        <translation>多打了一遍的词：“the the”、“的的”。</translation>
    </message>
    <message>
        <source>Brackets and quotes</source>
        <translation>括号和引号</translation>
    </message>
    <message>
        <source>Brackets and quotation marks opened and not closed, or closed and not opened.</source>
        <translation>括号和引号有开无合，或有合无开。</translation>
    </message>
    <message>
        <source>Chinese punctuation</source>
        <translation>中文标点</translation>
    </message>
    <message>
        <source>Half-width punctuation between Chinese characters (“,” where “，” belongs).</source>
        <translation>中文之间的半角标点（该用“，”却用了“,”）。</translation>
    </message>
    <message>
        <source>Chinese characters</source>
        <translation>中文错别字</translation>
    </message>
    <message>
        <source>A character that sounds or looks like the one meant (是够 → 足够).</source>
        <translation>音近或形近的错字（是够 → 足够）。</translation>
    </message>
    <message>
        <source>的, 地 and 得</source>
        <translation>的、地、得</translation>
    </message>
    <message>
        <source>的 where 地 or 得 belongs (跑的很快 → 跑得很快).</source>
        <translation>该用“地”或“得”的地方用了“的”（跑的很快 → 跑得很快）。</translation>
    </message>
    <message>
        <source>Space between Chinese and Latin</source>
        <translation>中英文之间的空格</translation>
    </message>
    <message>
        <source>A space between Chinese characters and Latin letters or digits (a style).</source>
        <translation>中文与英文字母或数字之间加空格（一种书写风格）。</translation>
    </message>
</context>
</TS>
