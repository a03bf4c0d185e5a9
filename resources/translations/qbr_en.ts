<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AspectGrid</name>
    <message>
        <source>{name}（{points}）</source>
        <translation>{name} ({points})</translation>
    </message>
    <message>
        <source>极差</source>
        <translation>Spread</translation>
    </message>
    <message>
        <source>提示线</source>
        <translation>Flag above</translation>
    </message>
    <message>
        <source>极差超过此值即提示分歧（评分项为其满分的一半，总分为规定分差）。</source>
        <translation>A spread above this value flags a disagreement (half the points for an aspect; the round&apos;s limit for the total).</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>推荐进入答辩</source>
        <translation>Recommend for defense</translation>
    </message>
    <message>
        <source>推荐为质量标杆</source>
        <translation>Recommend as benchmark</translation>
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
        <source>极差超过提示线，建议合议时讨论。</source>
        <translation>The spread is above the limit; discuss it in the group.</translation>
    </message>
</context>
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
    <name>CalibrationTab</name>
    <message>
        <source>各组组评分的分布与评审专家平均总分，用于比较各组、各专家的宽严尺度。仅供参考，正式依据为各组按规则计算的组评分。</source>
        <translation>Each group&apos;s distribution of group scores and each reviewer&apos;s mean total, for comparing how strictly groups and reviewers score. For reference only: the official basis is each group&apos;s score under the round&apos;s rule.</translation>
    </message>
    <message>
        <source>显示完整 0–100 分</source>
        <translation>Show the full 0–100 scale</translation>
    </message>
    <message>
        <source>各组组评分</source>
        <translation>Group scores by group</translation>
    </message>
    <message>
        <source>评审专家平均总分</source>
        <translation>Reviewers&apos; mean totals</translation>
    </message>
</context>
<context>
    <name>ChairActions</name>
    <message>
        <source>导入专业组汇总表</source>
        <translation>Import group reports</translation>
    </message>
    <message>
        <source>签名汇总表 (*.pdf);;所有文件 (*)</source>
        <translation>Signed group reports (*.pdf);;All files (*)</translation>
    </message>
    <message>
        <source>导入文件夹中的汇总表</source>
        <translation>Import the group reports in a folder</translation>
    </message>
    <message>
        <source>未导入汇总表</source>
        <translation>Group reports not imported</translation>
    </message>
    <message>
        <source>所选位置没有可核验的 PDF 文件。</source>
        <translation>There is no PDF file to check in the place chosen.</translation>
    </message>
    <message>
        <source>签署并导出名单</source>
        <translation>Sign and export the list</translation>
    </message>
    <message>
        <source>暂不能签署名单</source>
        <translation>The list cannot be signed yet</translation>
    </message>
    <message>
        <source>签署并导出…</source>
        <translation>Sign and export…</translation>
    </message>
    <message>
        <source>导出{name}</source>
        <translation>Export the {name}</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>尚未收到（或未通过核验）以下专业组的汇总表：{names}。名单缺少一个组就等于未经决定地放弃该组的申报材料，请先导入各组组长签署的汇总表。</source>
        <translation>No verified report yet from: {names}. A list without a group would drop that group&apos;s dossiers without anyone deciding so; import every group leader&apos;s signed report first.</translation>
    </message>
    <message>
        <source>名单上没有任何申报材料，不能签署。</source>
        <translation>The list names no dossier, so it cannot be signed.</translation>
    </message>
    <message>
        <source>将以您的证书签署{name}：共 {n} 项申报材料，其中主任委员调整 {changes} 项。</source>
        <translation>You are about to sign the {name} with your certificate: {n} dossier(s), {changes} of them changed by the chair.</translation>
    </message>
    <message>
        <source>调入</source>
        <translation>added</translation>
    </message>
    <message>
        <source>调出</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>名单与各组报送的一致，没有调整。</source>
        <translation>The list is the one the groups sent; nothing was changed.</translation>
    </message>
    <message>
        <source>签署后请将 PDF 交给评审办公室；Excel 副本另存于同一文件夹。</source>
        <translation>Once signed, hand the PDF to the secretariat; an Excel copy is saved in the same folder.</translation>
    </message>
    <message>
        <source>未导出名单</source>
        <translation>List not exported</translation>
    </message>
    <message>
        <source>无法写入 {path}：{error}</source>
        <translation>Cannot write {path}: {error}</translation>
    </message>
    <message>
        <source>Excel 副本：{path}</source>
        <translation>Excel copy: {path}</translation>
    </message>
</context>
<context>
    <name>ChairDecisionBox</name>
    <message>
        <source>主任委员决定</source>
        <translation>Chair&apos;s decision</translation>
    </message>
    <message>
        <source>调整理由（必填，将写入签署的名单）</source>
        <translation>Reason for the change (required; it goes into the signed list)</translation>
    </message>
    <message>
        <source>撤销调整无需理由</source>
        <translation>Undoing a change needs no reason</translation>
    </message>
    <message>
        <source>撤销调整</source>
        <translation>Undo the change</translation>
    </message>
    <message>
        <source>调出名单</source>
        <translation>Take off the list</translation>
    </message>
    <message>
        <source>列入名单</source>
        <translation>Put on the list</translation>
    </message>
    <message>
        <source>已记录调整及理由，将写入签署的名单。</source>
        <translation>Change and reason recorded; they will go into the signed list.</translation>
    </message>
    <message>
        <source>已撤销调整，恢复为该组报送的结果。</source>
        <translation>Change undone; the dossier is back where its group put it.</translation>
    </message>
    <message>
        <source>该组报送：在名单上。</source>
        <translation>Sent by the group: on the list.</translation>
    </message>
    <message>
        <source>该组报送：不在名单上。</source>
        <translation>Sent by the group: not on the list.</translation>
    </message>
    <message>
        <source>主任委员已调入：{reason}</source>
        <translation>Put on the list by the chair: {reason}</translation>
    </message>
    <message>
        <source>主任委员已调出：{reason}</source>
        <translation>Taken off the list by the chair: {reason}</translation>
    </message>
</context>
<context>
    <name>ChairDialogs</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ChairDossierPanel</name>
    <message>
        <source>在左侧表格中选择一份申报材料，查看各组评分并决定是否列入名单。</source>
        <translation>Choose a dossier in the table on the left to see its group&apos;s figures and decide whether it goes on the list.</translation>
    </message>
    <message>
        <source>专业组合议意见（只读）</source>
        <translation>The group&apos;s consensus comment (read-only)</translation>
    </message>
    <message>
        <source>该组未填写合议意见。</source>
        <translation>The group wrote no consensus comment.</translation>
    </message>
    <message>
        <source>组内排名 {rank}</source>
        <translation>Rank in group {rank}</translation>
    </message>
    <message>
        <source>组评分 {score}</source>
        <translation>Group score {score}</translation>
    </message>
    <message>
        <source>极差 {spread}</source>
        <translation>Spread {spread}</translation>
    </message>
    <message>
        <source>中位数 {median}</source>
        <translation>Median {median}</translation>
    </message>
    <message>
        <source>组内标准分 {z}（参考）</source>
        <translation>z in group {z} (aid)</translation>
    </message>
    <message>
        <source>已去掉最高分 {high} 和最低分 {low}</source>
        <translation>Highest {high} and lowest {low} left out</translation>
    </message>
    <message>
        <source>成员总分：{totals}</source>
        <translation>Members&apos; totals: {totals}</translation>
    </message>
    <message>
        <source>组长调入（按规则不在名单上）：{reason}</source>
        <translation>Put on by the leader (off the list by the rule): {reason}</translation>
    </message>
    <message>
        <source>组长调出（按规则在名单上）：{reason}</source>
        <translation>Taken off by the leader (on the list by the rule): {reason}</translation>
    </message>
</context>
<context>
    <name>ChairHeader</name>
    <message>
        <source>资料评审</source>
        <translation>Material review</translation>
    </message>
    <message>
        <source>答辩评审</source>
        <translation>Defense review</translation>
    </message>
    <message>
        <source>已收到汇总表 {received}/{expected}</source>
        <translation>Reports received {received}/{expected}</translation>
    </message>
    <message>
        <source>名单 {n} 项</source>
        <translation>{n} on the list</translation>
    </message>
    <message>
        <source>主任委员调整 {n} 项</source>
        <translation>{n} changed by the chair</translation>
    </message>
    <message>
        <source>尚未收到以下专业组的汇总表：{names}。收齐并核验通过前不能签署名单。</source>
        <translation>No report yet from: {names}. The list cannot be signed until every group&apos;s report has arrived and passed verification.</translation>
    </message>
</context>
<context>
    <name>ChairTableModel</name>
    <message>
        <source>专业组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>组内排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>申报企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>组评分</source>
        <translation>Group score</translation>
    </message>
    <message>
        <source>极差</source>
        <translation>Spread</translation>
    </message>
    <message>
        <source>分歧</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>组内标准分（参考）</source>
        <translation>z in group (aid)</translation>
    </message>
    <message>
        <source>组报送</source>
        <translation>Group&apos;s list</translation>
    </message>
    <message>
        <source>组长调整</source>
        <translation>Leader&apos;s change</translation>
    </message>
    <message>
        <source>名单</source>
        <translation>List</translation>
    </message>
    <message>
        <source>正式分数：各组按规则计算的组评分（未回避成员总分的平均，五人及以上评分时去掉一个最高分和一个最低分）。</source>
        <translation>The official figure: each group&apos;s score under the rule (the mean of the non-conflicted members&apos; totals, dropping the highest and the lowest when five or more scored).</translation>
    </message>
    <message>
        <source>组内成员总分中最高分与最低分之差。</source>
        <translation>The difference between the highest and the lowest member&apos;s total in the group.</translation>
    </message>
    <message>
        <source>总分或某一评分项的极差超过规定时提示；悬停查看详情。</source>
        <translation>Shown when the totals or an aspect&apos;s scores spread beyond the limit; point at it for details.</translation>
    </message>
    <message>
        <source>组评分在本组内换算的 z 分数，用于比较宽严不同的专业组；仅供参考，正式依据为组评分。</source>
        <translation>The group score as a z-score within its own group, for comparing groups that score more or less strictly; an aid only, the official basis is the group score.</translation>
    </message>
    <message>
        <source>该组汇总表报送的名单（组长签署）。</source>
        <translation>The list the group&apos;s report sent (signed by its leader).</translation>
    </message>
    <message>
        <source>组长改变按规则计算的结果时写明的理由；悬停查看。</source>
        <translation>The leader&apos;s written reason for departing from the rule; point at it to read.</translation>
    </message>
    <message>
        <source>主任委员名单：默认为各组报送的名单，调入或调出须写明理由。</source>
        <translation>The chair&apos;s list: the groups&apos; lists unless the chair puts a dossier on or takes it off, with a written reason.</translation>
    </message>
    <message>
        <source>调入</source>
        <translation>added</translation>
    </message>
    <message>
        <source>调出</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>是（并列）</source>
        <translation>Yes (tie)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>与其他申报材料并列在第 K 名，按规则一并报送。</source>
        <translation>Tied with others at the K-th place; sent together under the rule.</translation>
    </message>
    <message>
        <source>组长调整理由：{reason}</source>
        <translation>Leader&apos;s reason: {reason}</translation>
    </message>
    <message>
        <source>主任委员调整理由：{reason}</source>
        <translation>Chair&apos;s reason: {reason}</translation>
    </message>
</context>
<context>
    <name>ChairWindow</name>
    <message>
        <source>主任委员审核 — {round}</source>
        <translation>Chair&apos;s review — {round}</translation>
    </message>
    <message>
        <source>导入汇总表…</source>
        <translation>Import group reports…</translation>
    </message>
    <message>
        <source>导入各专业组组长签署的汇总表 (Ctrl+O)</source>
        <translation>Import the reports the group leaders signed (Ctrl+O)</translation>
    </message>
    <message>
        <source>导入文件夹…</source>
        <translation>Import folder…</translation>
    </message>
    <message>
        <source>签署并导出名单…</source>
        <translation>Sign and export the list…</translation>
    </message>
    <message>
        <source>用您的证书签署名单，生成交给评审办公室的 PDF 和 Excel 副本 (Ctrl+E)</source>
        <translation>Sign the list with your certificate and write the PDF for the secretariat with an Excel copy (Ctrl+E)</translation>
    </message>
    <message>
        <source>也可以把各组发来的汇总表文件或文件夹拖到此窗口。</source>
        <translation>You can also drop the groups&apos; report files or folders onto this window.</translation>
    </message>
    <message>
        <source>报告核验</source>
        <translation>Report check</translation>
    </message>
    <message>
        <source>汇总</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>校准</source>
        <translation>Calibration</translation>
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
    <name>ConsensusEditor</name>
    <message>
        <source>合议意见</source>
        <translation>Group consensus</translation>
    </message>
    <message>
        <source>全组讨论后形成的意见，写入组评审报告；输入后自动保存。</source>
        <translation>The group&apos;s view after discussion; it goes into the group report and is saved as you type.</translation>
    </message>
    <message>
        <source>已保存 {time}</source>
        <translation>Saved {time}</translation>
    </message>
    <message>
        <source>正在编辑…</source>
        <translation>Editing…</translation>
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
    <name>DossierPanel</name>
    <message>
        <source>在上表中选择一份申报材料，查看各成员的分项评分并填写合议意见。</source>
        <translation>Choose a dossier in the table above to see each member&apos;s scores per aspect and write the group&apos;s consensus.</translation>
    </message>
    <message>
        <source>组评分 {score}</source>
        <translation>Group score {score}</translation>
    </message>
    <message>
        <source>排名 {rank}</source>
        <translation>Rank {rank}</translation>
    </message>
    <message>
        <source>中位数 {median}</source>
        <translation>Median {median}</translation>
    </message>
    <message>
        <source>已去掉最高分 {high} 和最低分 {low}</source>
        <translation>Highest {high} and lowest {low} left out</translation>
    </message>
    <message>
        <source>分歧提示 {n} 项</source>
        <translation>{n} disagreement flag(s)</translation>
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
    <name>ExchangeActions</name>
    <message>
        <source>导出评分表草稿</source>
        <translation>Export a draft score sheet</translation>
    </message>
    <message>
        <source>导出评分表</source>
        <translation>Export the score sheet</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>未导出评分表</source>
        <translation>Score sheet not exported</translation>
    </message>
    <message>
        <source>……另有 {n} 份</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <source>评分尚未完成</source>
        <translation>Scoring not finished</translation>
    </message>
    <message>
        <source>还有 {n} 份申报材料没有评完，不能导出正式（签名）评分表。
可以先导出一份带“草稿”水印、不签名的评分表供核对。</source>
        <translation>{n} dossiers are not fully scored yet, so the signed score sheet cannot be exported.
You can export an unsigned sheet watermarked “draft” to check it.</translation>
    </message>
    <message>
        <source>导出草稿…</source>
        <translation>Export draft…</translation>
    </message>
    <message>
        <source>导出离线评分表</source>
        <translation>Export the offline form</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>未导出离线评分表</source>
        <translation>Offline form not exported</translation>
    </message>
    <message>
        <source>导入离线评分表</source>
        <translation>Import the offline form</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx);;所有文件 (*)</source>
        <translation>Excel workbooks (*.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>未导入离线评分表</source>
        <translation>Offline form not imported</translation>
    </message>
    <message>
        <source>覆盖工作站中的修改？</source>
        <translation>Overwrite the changes made here?</translation>
    </message>
    <message>
        <source>是否以表格内容覆盖这些修改？</source>
        <translation>Overwrite those changes with the form’s content?</translation>
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
    <name>GroupActions</name>
    <message>
        <source>导入成员的评分表</source>
        <translation>Import members&apos; score sheets</translation>
    </message>
    <message>
        <source>签名评分表 (*.pdf);;所有文件 (*)</source>
        <translation>Signed score sheets (*.pdf);;All files (*)</translation>
    </message>
    <message>
        <source>导入文件夹中的评分表</source>
        <translation>Import the score sheets in a folder</translation>
    </message>
    <message>
        <source>未导入评分表</source>
        <translation>Score sheets not imported</translation>
    </message>
    <message>
        <source>导入评分表</source>
        <translation>Import score sheets</translation>
    </message>
    <message>
        <source>……另有 {n} 个</source>
        <translation>…and {n} more</translation>
    </message>
    <message>
        <source>详见“核验结果”。</source>
        <translation>See “Verification” for details.</translation>
    </message>
    <message>
        <source>导出组评审报告</source>
        <translation>Export the group report</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>未导出组评审报告</source>
        <translation>Group report not exported</translation>
    </message>
    <message>
        <source>无法写入 {path}：{error}</source>
        <translation>Cannot write {path}: {error}</translation>
    </message>
    <message>
        <source>Excel 副本：{path}</source>
        <translation>Excel copy: {path}</translation>
    </message>
</context>
<context>
    <name>GroupBoxPlot</name>
    <message>
        <source>在名单上</source>
        <translation>on the list</translation>
    </message>
    <message>
        <source>不在名单上</source>
        <translation>not on the list</translation>
    </message>
    <message>
        <source>组评分 {score}</source>
        <translation>Group score {score}</translation>
    </message>
    <message>
        <source>尚无专业组</source>
        <translation>No groups yet</translation>
    </message>
    <message>
        <source>组评分</source>
        <translation>Group score</translation>
    </message>
    <message>
        <source>名单上</source>
        <translation>On the list</translation>
    </message>
    <message>
        <source>未列入</source>
        <translation>Not listed</translation>
    </message>
    <message>
        <source>均值</source>
        <translation>Mean</translation>
    </message>
    <message>
        <source>中位数</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>四分位区间</source>
        <translation>Quartile range</translation>
    </message>
    <message>
        <source>未收到</source>
        <translation>Not received</translation>
    </message>
    <message>
        <source>未收到汇总表</source>
        <translation>No report received</translation>
    </message>
    <message>
        <source>n = {n} · 均值 {mean}</source>
        <translation>n = {n} · mean {mean}</translation>
    </message>
</context>
<context>
    <name>GroupFiguresModel</name>
    <message>
        <source>专业组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>均值</source>
        <translation>Mean</translation>
    </message>
    <message>
        <source>标准差</source>
        <translation>SD</translation>
    </message>
    <message>
        <source>最低</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>中位数</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>最高</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>肯德尔 W</source>
        <translation>Kendall&apos;s W</translation>
    </message>
    <message>
        <source>较总体均值</source>
        <translation>vs. overall mean</translation>
    </message>
    <message>
        <source>有组评分的申报材料份数。</source>
        <translation>How many dossiers have a group score.</translation>
    </message>
    <message>
        <source>组评分的总体标准差。</source>
        <translation>The population standard deviation of the group scores.</translation>
    </message>
    <message>
        <source>肯德尔和谐系数：各评委排序的一致程度，0 为毫无一致，1 为完全一致。</source>
        <translation>Kendall&apos;s coefficient of concordance: how far the reviewers agree on the order, from 0 (not at all) to 1 (completely).</translation>
    </message>
    <message>
        <source>本组组评分均值减去各组全部组评分的均值；负值表示评分偏严。</source>
        <translation>The group&apos;s mean score minus the mean of all groups&apos; scores; a negative value means the group scored more strictly.</translation>
    </message>
    <message>
        <source>未收到</source>
        <translation>Not received</translation>
    </message>
</context>
<context>
    <name>GroupHeader</name>
    <message>
        <source>资料评审</source>
        <translation>Material review</translation>
    </message>
    <message>
        <source>答辩评审</source>
        <translation>Defense review</translation>
    </message>
    <message>
        <source>已收到评分表 {received}/{total}</source>
        <translation>Sheets received {received}/{total}</translation>
    </message>
    <message>
        <source>未提交：{names}</source>
        <translation>Not received: {names}</translation>
    </message>
    <message>
        <source>这些成员的评分表尚未导入；导出的组评审报告会注明。</source>
        <translation>These members&apos; score sheets have not been imported; the exported group report says so.</translation>
    </message>
    <message>
        <source>肯德尔和谐系数 W = {w}（参考）</source>
        <translation>Kendall&apos;s W = {w} (an aid)</translation>
    </message>
    <message>
        <source>W 衡量各评委对申报材料排序的一致程度：0 为毫无一致，1 为完全一致。基于 {reviewers} 位评委都评了分的 {dossiers} 份申报材料；仅供参考，不影响组评分、排名和入围。</source>
        <translation>W measures how far the reviewers agree on the order of the dossiers: 0 is no agreement, 1 complete agreement. Based on the {dossiers} dossier(s) all {reviewers} reviewers scored; an aid only, it changes no group score, rank or shortlist.</translation>
    </message>
    <message>
        <source>按规则入围前 {k} 名 {sep} 入围名单 {n} 项</source>
        <translation>Rule: top {k} {sep} {n} on the shortlist</translation>
    </message>
</context>
<context>
    <name>GroupTableModel</name>
    <message>
        <source>排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>组评分</source>
        <translation>Group score</translation>
    </message>
    <message>
        <source>极差</source>
        <translation>Spread</translation>
    </message>
    <message>
        <source>分歧提示</source>
        <translation>Disagreement</translation>
    </message>
    <message>
        <source>按规则入围</source>
        <translation>By the rule</translation>
    </message>
    <message>
        <source>入围名单</source>
        <translation>Shortlist</translation>
    </message>
    <message>
        <source>标准化均值（参考）</source>
        <translation>Normalised mean (aid)</translation>
    </message>
    <message>
        <source>按组评分排名；相同时依次比较显效性和发展性小计、总分中位数。</source>
        <translation>Ranked by group score; ties are broken by the Effect and development subtotal, then by the median total.</translation>
    </message>
    <message>
        <source>正式分数：未回避成员总分的平均；五人及以上评分时去掉一个最高分和一个最低分。</source>
        <translation>The official figure: the mean of the totals of members without a conflict; from five scores on, one highest and one lowest are left out.</translation>
    </message>
    <message>
        <source>成员总分中最高分与最低分之差。</source>
        <translation>Highest minus lowest of the members&apos; totals.</translation>
    </message>
    <message>
        <source>总分或某一评分项的极差超过规定时提示，需在合议中讨论。</source>
        <translation>Flagged when the totals or an aspect&apos;s scores spread more than the round allows; to be discussed in the group.</translation>
    </message>
    <message>
        <source>按组评分排名计算的入围名单（前 K 名）。</source>
        <translation>The shortlist computed from the ranking (the top K).</translation>
    </message>
    <message>
        <source>本组报送的名单：组长可写明理由调入或调出。</source>
        <translation>The list the group sends: the leader may move a dossier on or off it with a written reason.</translation>
    </message>
    <message>
        <source>各成员总分按本人评分的均值和标准差换算为 z 分数后的平均，用于观察评委宽严差异；仅供参考，不影响组评分和排名。</source>
        <translation>The mean of the members&apos; totals as z-scores against each member&apos;s own mean and standard deviation, to see who scores strictly or leniently; an aid only, it changes no group score or rank.</translation>
    </message>
    <message>
        <source>尚未收到评分表</source>
        <translation>No score sheet received yet</translation>
    </message>
    <message>
        <source>评分表第 {revision} 版</source>
        <translation>Score sheet revision {revision}</translation>
    </message>
    <message>
        <source>标准化分数 z = {z}（参考）</source>
        <translation>Normalised score z = {z} (an aid)</translation>
    </message>
    <message>
        <source>并列</source>
        <translation>tied</translation>
    </message>
    <message>
        <source>组长调入</source>
        <translation>added by the leader</translation>
    </message>
    <message>
        <source>组长调出</source>
        <translation>removed by the leader</translation>
    </message>
    <message>
        <source>已去掉最高分 {high} 和最低分 {low}</source>
        <translation>Highest {high} and lowest {low} left out</translation>
    </message>
    <message>
        <source>组长调整理由：{reason}</source>
        <translation>Leader&apos;s reason: {reason}</translation>
    </message>
    <message>
        <source>与其他申报材料并列在第 K 名，按规则一并入围；请组长写明理由调整。</source>
        <translation>Tied with other dossiers at place K, so all are on the computed list; the leader settles it with a written reason.</translation>
    </message>
</context>
<context>
    <name>GroupWindow</name>
    <message>
        <source>专家组合议 — {group}</source>
        <translation>Group consolidation — {group}</translation>
    </message>
    <message>
        <source>导入评分表…</source>
        <translation>Import score sheets…</translation>
    </message>
    <message>
        <source>导入文件夹…</source>
        <translation>Import folder…</translation>
    </message>
    <message>
        <source>也可以把成员发来的评分表文件或文件夹拖到此窗口。</source>
        <translation>You can also drop the members&apos; score sheet files or folders onto this window.</translation>
    </message>
    <message>
        <source>导出组评审报告…</source>
        <translation>Export group report…</translation>
    </message>
    <message>
        <source>用您的证书签名，生成交给主任委员的 PDF，并在旁边另存一份 Excel 副本。</source>
        <translation>Signs with your certificate and writes the PDF for the committee chair, with an Excel copy beside it.</translation>
    </message>
    <message>
        <source>汇总</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>核验结果</source>
        <translation>Verification</translation>
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
        <source>导出评分表（签名）(&amp;E)…</source>
        <translation>&amp;Export signed score sheet…</translation>
    </message>
    <message>
        <source>导出评分表草稿（不签名）(&amp;D)…</source>
        <translation>Export &amp;draft score sheet (unsigned)…</translation>
    </message>
    <message>
        <source>导出离线评分表（Excel）(&amp;X)…</source>
        <translation>E&amp;xport offline form (Excel)…</translation>
    </message>
    <message>
        <source>导入离线评分表（Excel）(&amp;M)…</source>
        <translation>I&amp;mport offline form (Excel)…</translation>
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
        <source>主任委员审核(&amp;A)…</source>
        <translation>Ch&amp;air&apos;s review…</translation>
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
Ctrl+E	导出评分表（签名）
Ctrl+H	专家组合议（组长）
Ctrl+Shift+H	主任委员审核（主任委员）
Ctrl+F	在当前文档中查找
Ctrl+Shift+F	搜索全部申报材料
Ctrl+PgDown / Alt+↓	下一份申报材料
Ctrl+PgUp / Alt+↑	上一份申报材料
Ctrl+1 … Ctrl+6	跳到第 1–6 个评分项
Ctrl+Z / Ctrl+Shift+Z	撤销 / 重做
↑ / ↓（在分数框中）	按步长调整分数
Tab	下一个输入框</source>
        <translation>Ctrl+L	Lock the workstation
Ctrl+E	Export the signed score sheet
Ctrl+H	Group consolidation (leaders)
Ctrl+Shift+H	Chair&apos;s review (the chair)
Ctrl+F	Find in the document
Ctrl+Shift+F	Search all dossiers
Ctrl+PgDown / Alt+↓	Next dossier
Ctrl+PgUp / Alt+↑	Previous dossier
Ctrl+1 … Ctrl+6	Jump to score 1–6
Ctrl+Z / Ctrl+Shift+Z	Undo / redo
↑ / ↓ (in a score)	Step the score
Tab	Next field</translation>
    </message>
    <message>
        <source>专家组合议(&amp;G)…</source>
        <translation>&amp;Group consolidation…</translation>
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
    <name>ReceivedFilesModel</name>
    <message>
        <source>已采用</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>旧版本已保留</source>
        <translation>Older revision kept</translation>
    </message>
    <message>
        <source>重复</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>冲突被拒</source>
        <translation>Conflicting, rejected</translation>
    </message>
    <message>
        <source>被拒</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>已被新版本取代</source>
        <translation>Superseded</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>已核验 {n} 个文件：采用 {applied} 个，旧版本已保留 {kept} 个，重复 {duplicate} 个，被拒 {refused} 个。</source>
        <translation>Checked {n} file(s): {applied} applied, {kept} older revision(s) kept, {duplicate} duplicate(s), {refused} rejected.</translation>
    </message>
</context>
<context>
    <name>ReportVerificationModel</name>
    <message>
        <source>专业组</source>
        <translation>Group</translation>
    </message>
</context>
<context>
    <name>ReviewerMeansModel</name>
    <message>
        <source>专业组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>评审专家</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>平均总分</source>
        <translation>Mean total</translation>
    </message>
    <message>
        <source>评分份数</source>
        <translation>Dossiers scored</translation>
    </message>
    <message>
        <source>较本组平均</source>
        <translation>vs. group mean</translation>
    </message>
    <message>
        <source>该专家平均总分减去本组全部成员总分的平均；负值表示评分偏严。</source>
        <translation>The reviewer&apos;s mean total minus the mean of all member totals in the group; a negative value means stricter scoring.</translation>
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
    <name>ShortlistBox</name>
    <message>
        <source>入围名单</source>
        <translation>Shortlist</translation>
    </message>
    <message>
        <source>列入答辩名单</source>
        <translation>On the defense shortlist</translation>
    </message>
    <message>
        <source>列入质量标杆推荐名单</source>
        <translation>On the benchmark recommendation list</translation>
    </message>
    <message>
        <source>调整理由（与按规则计算的结果不同时必填）</source>
        <translation>Reason for the change (required when it differs from the rule)</translation>
    </message>
    <message>
        <source>应用</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>已记录调整及理由，将写入组评审报告。</source>
        <translation>Change and reason recorded; they go into the group report.</translation>
    </message>
    <message>
        <source>已撤销调整，恢复为按规则计算的结果。</source>
        <translation>Change withdrawn; back to the rule&apos;s result.</translation>
    </message>
    <message>
        <source>与按规则计算的结果一致，未作调整。</source>
        <translation>Same as the rule&apos;s result; nothing to change.</translation>
    </message>
    <message>
        <source>尚无有效评分，不参加排名。</source>
        <translation>No valid scores yet, so not ranked.</translation>
    </message>
    <message>
        <source>按规则：并列第 {rank} 名，跨过第 {k} 名，一并入围；请写明理由调整。</source>
        <translation>By the rule: tied at rank {rank} across place {k}, so on the list with the others; settle it with a written reason.</translation>
    </message>
    <message>
        <source>按规则：排名第 {rank}，在前 {k} 名内，入围。</source>
        <translation>By the rule: rank {rank}, within the top {k}: on the shortlist.</translation>
    </message>
    <message>
        <source>按规则：排名第 {rank}，不在前 {k} 名内。</source>
        <translation>By the rule: rank {rank}, outside the top {k}.</translation>
    </message>
    <message>
        <source>组长已调入：{reason}</source>
        <translation>Added by the leader: {reason}</translation>
    </message>
    <message>
        <source>组长已调出：{reason}</source>
        <translation>Removed by the leader: {reason}</translation>
    </message>
</context>
<context>
    <name>SummaryTab</name>
    <message>
        <source>专业组：</source>
        <translation>Group:</translation>
    </message>
    <message>
        <source>全部专业组</source>
        <translation>All groups</translation>
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
    <name>VerificationModel</name>
    <message>
        <source>成员</source>
        <translation>Member</translation>
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
