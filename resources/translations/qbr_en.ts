<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AspectRow</name>
    <message>
        <source>{name}（满分 {points}）</source>
        <translation>{name} (max. {points})</translation>
    </message>
    <message>
        <source>输入 0 到 {points} 之间、以 {step} 为单位的分数；上下方向键逐档调整。</source>
        <translation>Enter a score from 0 to {points} in steps of {step}; the Up and Down keys step it.</translation>
    </message>
    <message>
        <source>{band}：{low}–{high} 分。点击取 {high} 分，箭头可选择其他分值。</source>
        <translation>{band}: {low}–{high} points. Click for {high}; the arrow offers the other scores.</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>对比申报材料</source>
        <translation>Compare dossiers</translation>
    </message>
    <message>
        <source>与之对比：</source>
        <translation>Compare with:</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>同类文件联动</source>
        <translation>Keep file kinds together</translation>
    </message>
    <message>
        <source>在一侧切换文件时，另一侧显示同一类文件</source>
        <translation>Switching the file on one side shows the same kind of file on the other</translation>
    </message>
</context>
<context>
    <name>ConflictBox</name>
    <message>
        <source>回避</source>
        <translation>Conflict of interest</translation>
    </message>
    <message>
        <source>回避理由（选填），例如：曾为该企业提供咨询</source>
        <translation>Reason (optional), e.g. I have advised this enterprise</translation>
    </message>
    <message>
        <source>声明回避…</source>
        <translation>Declare conflict…</translation>
    </message>
    <message>
        <source>撤销回避</source>
        <translation>Withdraw conflict</translation>
    </message>
    <message>
        <source>您已对该申报材料声明回避，不再评分。</source>
        <translation>You declared a conflict of interest on this dossier and do not score it.</translation>
    </message>
    <message>
        <source>理由：{reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>如与该企业存在利害关系，请声明回避。</source>
        <translation>If you have an interest in this enterprise, declare a conflict.</translation>
    </message>
    <message>
        <source>声明回避</source>
        <translation>Declare conflict</translation>
    </message>
    <message>
        <source>确定对该申报材料声明回避吗？

声明后，已填写的分数、评语和推荐意见将被清除，该申报材料不再评分。之后仍可撤销回避。</source>
        <translation>Declare a conflict of interest on this dossier?

The scores, comments and recommendation entered so far will be cleared and the dossier will not be scored. You can withdraw the declaration later.</translation>
    </message>
</context>
<context>
    <name>DocumentTabs</name>
    <message>
        <source>请在左侧选择一份申报材料</source>
        <translation>Choose a dossier on the left</translation>
    </message>
</context>
<context>
    <name>DocxPane</name>
    <message>
        <source>正在打开文件…</source>
        <translation>Opening the file…</translation>
    </message>
    <message>
        <source>大纲</source>
        <translation>Outline</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>在本文件中查找（Ctrl+F）</source>
        <translation>Find in this file (Ctrl+F)</translation>
    </message>
    <message>
        <source>引用到评语</source>
        <translation>Cite in comment</translation>
    </message>
    <message>
        <source>把选中的文字作为证据引用到评语中</source>
        <translation>Cite the selected text as evidence in a comment</translation>
    </message>
    <message>
        <source>章节</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>字数 / 限制</source>
        <translation>Characters / limit</translation>
    </message>
    <message>
        <source>图片加载中…</source>
        <translation>Loading the image…</translation>
    </message>
    <message>
        <source>（无法显示的图片格式）</source>
        <translation>(an image format that cannot be shown)</translation>
    </message>
    <message>
        <source>超过 {limit} 字的限制</source>
        <translation>Over the limit of {limit} characters</translation>
    </message>
</context>
<context>
    <name>DossierList</name>
    <message>
        <source>筛选：企业、名称或序号</source>
        <translation>Filter: enterprise, title or number</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>典型经验名称</source>
        <translation>Experience title</translation>
    </message>
    <message>
        <source>专业组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>无结果</source>
        <translation>No matches</translation>
    </message>
    <message>
        <source>在本文件中查找</source>
        <translation>Find in this file</translation>
    </message>
    <message>
        <source>上一个（Shift+Enter）</source>
        <translation>Previous (Shift+Enter)</translation>
    </message>
    <message>
        <source>下一个（Enter）</source>
        <translation>Next (Enter)</translation>
    </message>
    <message>
        <source>关闭查找（Esc）</source>
        <translation>Close find (Esc)</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>评审(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>导入任务包(&amp;I)…</source>
        <translation>&amp;Import package…</translation>
    </message>
    <message>
        <source>锁定工作站(&amp;L)</source>
        <translation>&amp;Lock workstation</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>在当前文档中查找(&amp;F)…</source>
        <translation>&amp;Find in document…</translation>
    </message>
    <message>
        <source>搜索全部申报材料(&amp;S)…</source>
        <translation>&amp;Search all dossiers…</translation>
    </message>
    <message>
        <source>下一份申报材料(&amp;N)</source>
        <translation>&amp;Next dossier</translation>
    </message>
    <message>
        <source>上一份申报材料(&amp;P)</source>
        <translation>&amp;Previous dossier</translation>
    </message>
    <message>
        <source>与另一份申报材料对比(&amp;C)…</source>
        <translation>&amp;Compare with another dossier…</translation>
    </message>
    <message>
        <source>跳到评分项(&amp;J)</source>
        <translation>&amp;Jump to score</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)</source>
        <translation>Interface &amp;language</translation>
    </message>
    <message>
        <source>自动锁定时间(&amp;A)…</source>
        <translation>&amp;Auto-lock time…</translation>
    </message>
    <message>
        <source>键盘快捷键(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>自动锁定</source>
        <translation>Auto-lock</translation>
    </message>
    <message>
        <source>无操作多少分钟后自动锁定工作站：</source>
        <translation>Lock the workstation after this many minutes without input:</translation>
    </message>
    <message>
        <source>键盘快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Ctrl+L	锁定工作站
Ctrl+F	在当前文档中查找
Ctrl+Shift+F	搜索全部申报材料
Ctrl+PgDown / Alt+↓	下一份申报材料
Ctrl+PgUp / Alt+↑	上一份申报材料
Ctrl+1 … Ctrl+6	跳到第 1–6 个评分项
Ctrl+Z / Ctrl+Shift+Z	撤销 / 重做
↑ / ↓（在分数框中）	按步长调整分数
Tab	下一个输入框</source>
        <translation>Ctrl+L	Lock the workstation
Ctrl+F	Find in the document
Ctrl+Shift+F	Search all dossiers
Ctrl+PgDown / Alt+↓	Next dossier
Ctrl+PgUp / Alt+↑	Previous dossier
Ctrl+1 … Ctrl+6	Jump to score 1–6
Ctrl+Z / Ctrl+Shift+Z	Undo / redo
↑ / ↓ (in a score)	Step the score
Tab	Next field</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>工作站已锁定</source>
        <translation>The workstation is locked</translation>
    </message>
    <message>
        <source>质量标杆评审工作站</source>
        <translation>Quality Benchmark Reviewer Workstation</translation>
    </message>
    <message>
        <source>资料评审</source>
        <translation>Material review</translation>
    </message>
    <message>
        <source>答辩评审</source>
        <translation>Defense review</translation>
    </message>
    <message>
        <source>已保存 {time}</source>
        <translation>Saved {time}</translation>
    </message>
    <message>
        <source>选择任务包</source>
        <translation>Choose the package</translation>
    </message>
    <message>
        <source>评审任务包 (*.qbrpkg);;所有文件 (*)</source>
        <translation>Assignment packages (*.qbrpkg);;All files (*)</translation>
    </message>
    <message>
        <source>导入任务包</source>
        <translation>Import package</translation>
    </message>
    <message>
        <source>请输入随任务包另行发给您的一次性口令：</source>
        <translation>Enter the one-time passphrase sent to you separately from the package:</translation>
    </message>
    <message>
        <source>未导入任务包</source>
        <translation>Package not imported</translation>
    </message>
</context>
<context>
    <name>PageCanvas</name>
    <message>
        <source>第 {page} 页无法显示</source>
        <translation>Page {page} cannot be shown</translation>
    </message>
    <message>
        <source>第 {page} 页</source>
        <translation>page {page}</translation>
    </message>
</context>
<context>
    <name>PairBox</name>
    <message>
        <source>{pair} · 小计 {score} / {points}</source>
        <translation>{pair} · subtotal {score} / {points}</translation>
    </message>
    <message>
        <source>关于“{pair}”的评语（选填），可引用文档页码</source>
        <translation>Comment on “{pair}” (optional); you may cite document pages</translation>
    </message>
</context>
<context>
    <name>PdfPane</name>
    <message>
        <source>正在打开文件…</source>
        <translation>Opening the file…</translation>
    </message>
    <message>
        <source>缩略图</source>
        <translation>Thumbnails</translation>
    </message>
    <message>
        <source>页码</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>缩小（Ctrl+-）</source>
        <translation>Zoom out (Ctrl+-)</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>放大（Ctrl++）</source>
        <translation>Zoom in (Ctrl++)</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>在本文件中查找（Ctrl+F）</source>
        <translation>Find in this file (Ctrl+F)</translation>
    </message>
    <message>
        <source>引用到评语</source>
        <translation>Cite in comment</translation>
    </message>
    <message>
        <source>把框选的文字作为证据引用到评语中</source>
        <translation>Cite the selected text as evidence in a comment</translation>
    </message>
    <message>
        <source>引用本页</source>
        <translation>Cite this page</translation>
    </message>
    <message>
        <source>把当前页作为证据引用到评语中</source>
        <translation>Cite the current page as evidence in a comment</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>适合页面</source>
        <translation>Fit page</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>引用到评语</source>
        <translation>Cite in comment</translation>
    </message>
    <message>
        <source>复制所选文字</source>
        <translation>Copy the selected text</translation>
    </message>
    <message>
        <source>引用本页（第 {page} 页）</source>
        <translation>Cite this page (page {page})</translation>
    </message>
</context>
<context>
    <name>ProblemView</name>
    <message>
        <source>无法显示“{name}”</source>
        <translation>“{name}” cannot be shown</translation>
    </message>
    <message>
        <source>技术信息：{detail}</source>
        <translation>Technical details: {detail}</translation>
    </message>
    <message>
        <source>该文件设有打开密码，无法显示。请联系秘书处获取未加密的版本。</source>
        <translation>This file is password-protected and cannot be shown. Ask the secretariat for an unencrypted copy.</translation>
    </message>
    <message>
        <source>该文件已损坏或格式无效，无法显示。</source>
        <translation>This file is damaged or not in a valid format and cannot be shown.</translation>
    </message>
    <message>
        <source>该文件没有可显示的页面。</source>
        <translation>This file has no pages to show.</translation>
    </message>
    <message>
        <source>处理该文件时文档处理进程意外停止，为保护本程序，该文件不再显示。其他文件不受影响。</source>
        <translation>The document process stopped unexpectedly on this file; to protect the program it is no longer shown. Other files are not affected.</translation>
    </message>
    <message>
        <source>处理该文件用时过长，已被停止，该文件无法显示。其他文件不受影响。</source>
        <translation>Processing this file took too long and was stopped; it cannot be shown. Other files are not affected.</translation>
    </message>
    <message>
        <source>该页面尺寸过大，无法以当前缩放比例显示。</source>
        <translation>This page is too large to show at the current zoom.</translation>
    </message>
    <message>
        <source>该文件的结构异常（可能是恶意构造的文件），为安全起见不予打开。</source>
        <translation>This file has an abnormal structure (it may be crafted to attack the program) and is not opened, for safety.</translation>
    </message>
    <message>
        <source>这是 Word 97-2003 格式（.doc）的文件，无法显示。请申报单位另存为 .docx。</source>
        <translation>This is a Word 97-2003 (.doc) file and cannot be shown. Ask the applicant to save it as .docx.</translation>
    </message>
    <message>
        <source>无法从评审存储中读取该文件。</source>
        <translation>This file could not be read from the review store.</translation>
    </message>
    <message>
        <source>本程序无法显示这种类型的文件。</source>
        <translation>This program cannot show files of this type.</translation>
    </message>
</context>
<context>
    <name>ScoringForm</name>
    <message>
        <source>总体评语（必填）</source>
        <translation>Overall comment (required)</translation>
    </message>
    <message>
        <source>对该典型经验的总体评价，提交前必须填写</source>
        <translation>Your overall assessment of this experience; required before submitting</translation>
    </message>
    <message>
        <source>是否推荐进入答辩</source>
        <translation>Recommend for the oral defense?</translation>
    </message>
    <message>
        <source>是否推荐为质量标杆</source>
        <translation>Recommend as a quality benchmark?</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>个人笔记（只保存在本机，永不导出）</source>
        <translation>Private notes (kept on this computer only, never exported)</translation>
    </message>
    <message>
        <source>只有您自己能看到，不会出现在评分表中</source>
        <translation>Only you can see these; they never appear in a score sheet</translation>
    </message>
    <message>
        <source>提交前尚缺</source>
        <translation>Still missing before submitting</translation>
    </message>
    <message>
        <source>请在左侧列表中选择一份申报材料。</source>
        <translation>Choose a dossier in the list on the left.</translation>
    </message>
    <message>
        <source>评分：{name}</source>
        <translation>Score: {name}</translation>
    </message>
    <message>
        <source>总体评语</source>
        <translation>Overall comment</translation>
    </message>
    <message>
        <source>个人笔记</source>
        <translation>Private notes</translation>
    </message>
    <message>
        <source>准则评语</source>
        <translation>Criterion comment</translation>
    </message>
    <message>
        <source>推荐意见</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <source>总分 {score} / {points}</source>
        <translation>Total {score} / {points}</translation>
    </message>
    <message>
        <source>已声明回避</source>
        <translation>Conflict declared</translation>
    </message>
    <message>
        <source>已声明回避，该申报材料无需评分。</source>
        <translation>A conflict is declared: this dossier is not scored.</translation>
    </message>
    <message>
        <source>尚缺 {n} 项</source>
        <translation>{n} missing</translation>
    </message>
    <message>
        <source>✓ 已填写完整</source>
        <translation>✓ Complete</translation>
    </message>
    <message>
        <source>没有缺项，可以提交。</source>
        <translation>Nothing is missing; ready to submit.</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>搜索全部申报材料</source>
        <translation>Search all dossiers</translation>
    </message>
    <message>
        <source>输入要查找的文字，例如：六西格玛（至少 2 个字）</source>
        <translation>Type the text to find, e.g. 六西格玛 (at least 2 characters)</translation>
    </message>
    <message>
        <source>第 {page} 页</source>
        <translation>page {page}</translation>
    </message>
    <message>
        <source>结果会随输入即时显示；按回车或双击打开所在页。</source>
        <translation>Results appear as you type; press Enter or double-click to open the page.</translation>
    </message>
    <message>
        <source>没有找到。</source>
        <translation>Nothing found.</translation>
    </message>
    <message>
        <source>找到 {n} 处</source>
        <translation>{n} found</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>质量标杆评审工作站</source>
        <translation>Quality Benchmark Reviewer Workstation</translation>
    </message>
    <message>
        <source>工作站已锁定。为保护评审内容，请输入口令继续。</source>
        <translation>The workstation is locked to protect the review. Enter your passphrase to go on.</translation>
    </message>
    <message>
        <source>请输入口令，打开保存在本机的加密评审存储。</source>
        <translation>Enter your passphrase to open the encrypted review store on this computer.</translation>
    </message>
    <message>
        <source>存储位置：</source>
        <translation>Store:</translation>
    </message>
    <message>
        <source>（未选择）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <source>选择其他存储…</source>
        <translation>Choose another store…</translation>
    </message>
    <message>
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>新建存储…</source>
        <translation>New store…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>第一次使用：请新建一个评审存储。它是本机上的一个加密文件夹，保存您的任务包、评分、评语和个人笔记。请选择一个新的空文件夹，并设置至少 {n} 个字符的口令。口令无法找回，请妥善保管。</source>
        <translation>First use: create a review store. It is an encrypted folder on this computer holding your assignment package, scores, comments and private notes. Choose a new, empty folder and a passphrase of at least {n} characters. A forgotten passphrase cannot be recovered, so keep it safe.</translation>
    </message>
    <message>
        <source>存储文件夹：</source>
        <translation>Store folder:</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>设置口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>再次输入口令：</source>
        <translation>Repeat passphrase:</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>创建存储</source>
        <translation>Create store</translation>
    </message>
    <message>
        <source>请导入评审任务包。办公室会分别发给您任务包文件（.qbrpkg）和一次性口令（例如通过短信）。导入后即可开始评审。</source>
        <translation>Import your assignment package. The secretariat sends you the package file (.qbrpkg) and, separately, a one-time passphrase (e.g. by text message). Once it is imported you can start reviewing.</translation>
    </message>
    <message>
        <source>任务包文件：</source>
        <translation>Package file:</translation>
    </message>
    <message>
        <source>一次性口令：</source>
        <translation>One-time passphrase:</translation>
    </message>
    <message>
        <source>导入任务包</source>
        <translation>Import package</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>解锁评审存储</source>
        <translation>Unlock the review store</translation>
    </message>
    <message>
        <source>新建评审存储</source>
        <translation>Create a review store</translation>
    </message>
    <message>
        <source>导入评审任务包</source>
        <translation>Import the assignment package</translation>
    </message>
    <message>
        <source>请先选择一个评审存储，或新建一个。</source>
        <translation>Choose a review store first, or create one.</translation>
    </message>
    <message>
        <source>请输入口令。</source>
        <translation>Enter the passphrase.</translation>
    </message>
    <message>
        <source>请选择存储文件夹。</source>
        <translation>Choose a folder for the store.</translation>
    </message>
    <message>
        <source>两次输入的口令不一致，请重新输入。</source>
        <translation>The two passphrases differ; enter them again.</translation>
    </message>
    <message>
        <source>请选择任务包文件。</source>
        <translation>Choose the package file.</translation>
    </message>
    <message>
        <source>选择评审存储文件夹</source>
        <translation>Choose the review store folder</translation>
    </message>
    <message>
        <source>该文件夹不是评审存储。</source>
        <translation>This folder is not a review store.</translation>
    </message>
    <message>
        <source>选择一个新的空文件夹</source>
        <translation>Choose a new, empty folder</translation>
    </message>
    <message>
        <source>选择任务包</source>
        <translation>Choose the package</translation>
    </message>
    <message>
        <source>评审任务包 (*.qbrpkg);;所有文件 (*)</source>
        <translation>Assignment packages (*.qbrpkg);;All files (*)</translation>
    </message>
</context>
<context>
    <name>Workstation</name>
    <message>
        <source>内部错误</source>
        <translation>Internal error</translation>
    </message>
    <message>
        <source>发生了意外错误，已记录在日志中。已保存的内容不受影响。</source>
        <translation>An unexpected error occurred and was logged. What was saved is not affected.</translation>
    </message>
</context>
</TS>
