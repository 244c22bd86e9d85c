# 签发：送审稿（approval: required）、approve、reject、drafts，以及 status 中的送审稿一节。

## 命令行

cli-drafts-about = 列出等待签发的送审稿及其状态、退回理由
cli-drafts-usage = sw-briefing [--config 配置文件] drafts
cli-approve-about = 签发一份送审稿：编入下一个期号、以签发日期为成文日期印发，著录信息和台账记明签发人
cli-approve-usage = sw-briefing [--config 配置文件] approve 区划代码 期间 --by 签发人 [--date 年-月-日]
cli-approve-code = 地区（行政区划代码，如 430300）
cli-approve-period = 送审稿的期间（2023、2023-Q4、2023-11）
cli-approve-by = 签发人，记入文件包和台账
cli-approve-date = 签发日期，印在报头（年-月-日）；默认为今天
cli-reject-about = 退回一份送审稿：保留该稿，标明退回及理由，直至其数据改动
cli-reject-usage = sw-briefing [--config 配置文件] reject 区划代码 期间 --reason 理由 [--by 姓名]
cli-reject-code = 地区（行政区划代码，如 430300）
cli-reject-period = 送审稿的期间（2023、2023-Q4、2023-11）
cli-reject-reason = 退回理由，在 status 和 drafts 中显示
cli-reject-by = 退回人

## 错误

signoff-error-blank = { $option } 后面是空的
    　处理办法：在 { $option } 后写上姓名或理由，含空格时加引号
signoff-error-date = “{ $given }”不是日期
    　处理办法：签发日期写成 年-月-日，如 --date 2024-01-05；不写 --date 即为今天
signoff-error-region = 地区 { $code } 不在 { $config } 中
    　处理办法：写配置文件 regions 中列出的地区（行政区划代码）
signoff-error-no-draft = 地区 { $code }：没有 { $period } 的送审稿可签发或退回
    　处理办法：在 approval: required 下，运行 sw-briefing --now --region { $code } --period { $period } 生成送审稿；sw-briefing drafts 列出等待签发的稿件
signoff-error-issued = 地区 { $code }：{ $period } 已印发，期号 { $issue }（{ $package }）；本次未做任何改动
    　处理办法：每期只印发一次；数据改动后如需印发修订版，请运行 sw-briefing --now --revise --region { $code } --period { $period }，再签发新的送审稿
signoff-error-data-changed = 地区 { $code }：{ $period } 的送审稿于 { $made_at } 生成后数据有改动；不予签发，未存档任何文件
    　处理办法：运行 sw-briefing --now --region { $code } --period { $period } 重新生成送审稿，送审后再签发

## 结果

signoff-note-drafted = 提示：地区 { $code }：已生成 { $period } 的送审稿，签发后印发：sw-briefing approve { $code } { $period } --by 签发人
signoff-note-draft-current = 提示：地区 { $code }：{ $period } 的送审稿仍是最新（数据未变），等待签发：sw-briefing approve { $code } { $period } --by 签发人
signoff-approved = 提示：地区 { $code }：{ $period } 已由 { $by } 签发并印发
signoff-rejected = 地区 { $code }：{ $period } 的送审稿已标为退回（{ $draft }）；该稿保留至其数据改动，status 显示退回理由

## 送审稿列表（drafts、status）

signoff-drafts-none = 没有等待签发的送审稿
signoff-status-heading = 等待签发的送审稿：
signoff-status-none = 等待签发的送审稿：无
signoff-status-unreadable = 等待签发的送审稿：无法读取（{ $error }）
signoff-column-region = 地区
signoff-column-period = 期间
signoff-column-state = 状态
signoff-column-made = 生成时间
signoff-column-reason = 退回理由
signoff-state-pending = 待签发
signoff-state-rejected = 已退回
signoff-reason = { $reason }（退回人：{ $by }，{ $at }）
signoff-reason-unnamed = { $reason }（{ $at } 退回）
