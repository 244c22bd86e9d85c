# sw-briefing 的提示信息（简体中文，默认语言）。
# 每条信息的编号必须在 en.ftl 中也有，变量相同（tests/i18n.rs 检查）。
# 编号前缀：cli- 命令行帮助与用法错误；run- 立即生成（--now）；check- 检查；
# verify- 核验；record- 补记；status- 状态；problem- 输入问题；archive- 档案；
# form- / import- 填报表；service- 服务。


## 命令行帮助

cli-help-template = {"{"}about-with-newline{"}"}
    用法：{"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
cli-heading-options = 选项
cli-heading-arguments = 参数
cli-heading-commands = 命令
cli-value-command = 命令
cli-help = 显示本帮助
cli-version = 显示版本号
cli-about = 社会工作简报：按计划生成符合公文格式的中文简报 PDF，并存入可核验的档案
cli-usage = sw-briefing [--config 配置文件] --now [--region 区划代码]... [--period 期间] [--revise] [--output 文件]
    {"      "}sw-briefing [--config 配置文件] <命令>
    {"      "}sw-briefing [--config 配置文件]            （不带命令：作为服务按计划运行）
cli-config = 任务配置文件（默认 config/briefing.yaml；也可用环境变量 SW_BRIEFING_CONFIG）
cli-now = 立即生成简报，而不是作为服务运行
cli-regions = 只生成这个地区（行政区划代码）；可重复
cli-period = 报告期间（2023、2023-Q4、2023-11）；默认为已有数据的最近一期
cli-output = 把预览写到这个文件，不存档（只能指定一个地区）
cli-revise = 某期数据在印发后有改动时，印发修订版（期号不变，修订号加一）；不加此项只提示不生成
cli-json-logs = 日志输出为 JSON 行（也可用 SW_BRIEFING_LOG_FORMAT=json）
cli-lang = 提示信息和帮助的语言：zh（默认）或 en（也可用 SW_BRIEFING_LANG）
cli-check-about = 检查配置、措辞模板和全部数据文件，不生成任何内容
cli-check-usage = sw-briefing [--config 配置文件] check
cli-status-about = 显示各计划的下次运行时间、上次运行情况，以及已存档、待生成、等待数据和缺数据的期次
cli-status-usage = sw-briefing [--config 配置文件] status
cli-verify-about = 核验档案中的每个文件包、期号顺序和台账；发现问题时退出码为 5
cli-verify-usage = sw-briefing [--config 配置文件] verify [--head SHA256]
cli-verify-head = 以前记下的台账头（verify 输出的 sha256:…）：台账必须仍包含它，否则说明有记录被删除
cli-record-about = 为已封存、已就位但台账中没有记录的文件包补记台账（台账曾无法写入时使用，先排除原因）
cli-record-usage = sw-briefing [--config 配置文件] record
cli-form-about = 为一个地区、一个期间生成填报表（.xlsx）
cli-form-usage = sw-briefing [--config 配置文件] form --region 区划代码 --period 期间 [--output 文件.xlsx]
cli-form-region = 地区（行政区划代码，如 430300）
cli-form-period = 期间（2023、2023-Q4、2023-11）
cli-form-output = 保存位置；默认在当前目录下保存为 <代码>-<名称>-<期间>-填报表.xlsx
cli-import-about = 读取填好的填报表（.xlsx、.xls、.ods），检查后存为数据文件（YAML）；任何一张表有问题时什么也不写（退出码 4）
cli-import-usage = sw-briefing [--config 配置文件] import 文件... [--dry-run] [--replace]
cli-import-files = 填好的填报表
cli-import-dry-run = 只检查，不写入
cli-import-replace = 替换已存在的不同数据文件（被替换文件的 SHA-256 记入日志）

## 命令行用法错误

cli-error-unknown-argument = 错误：不认识的参数 { $arg }
cli-error-unknown-command = 错误：不认识的命令 { $command }
cli-error-missing-argument = 错误：缺少必需的参数 { $arg }
cli-error-invalid-value = 错误：参数 { $arg } 的值“{ $value }”无效；可用的值：{ $valid }
cli-error-conflict = 错误：参数 { $arg } 不能与 { $other } 同时使用
cli-error-value = 错误：参数 { $arg } 的值“{ $value }”不符合要求
cli-error-missing-command = 错误：缺少命令
cli-error-other = 错误：命令行有误（{ $detail }）
cli-error-suggestion = 　是否要用：{ $suggested }
cli-error-usage = 用法：{ $usage }
cli-error-help = 运行 sw-briefing --help 查看全部命令和选项。

## 一行一条的错误、警告和提示

error-line = 错误：{ $message }
note-line = 提示：{ $message }
warning-line = 警告：{ $message }
help-line = 　处理办法：{ $hint }

## 立即生成（--now）

run-error-runtime = 错误：无法启动异步运行环境：{ $error }
run-error-period = 错误：--period：{ $error }
run-error-region = 错误：--region { $code }：{ $config } 的 regions 中没有这个地区
    　处理办法：核对区划代码，或先在配置的 regions 中加上这个地区
run-error-output-one-region = 错误：--output 只写一份预览，请用 --region 指定一个地区
run-region-skipped = 错误：地区 { $code }：已跳过，它的数据有上面列出的问题
run-region-failed = 错误：地区 { $code }：{ $error }
run-stopped = 已生成 { $made } 份简报；运行已中止，之后的简报均未存档
run-summary-failed = 已生成 { $made } 份简报，{ $failed } 份失败
run-note-existing = 提示：地区 { $code }：本期已存档，未作改动
run-note-revised = 提示：地区 { $code }：已存档期号 { $issue } 的修订版 r{ $revision }；原版本仍保留在档案中
run-warning-changed = 警告：地区 { $code }：期号 { $issue } 印发后数据有改动（{ $changes }），本次未生成
    　处理办法：如需印发同一期号的修订版，请加 --revise 重新运行：--now --revise

## 检查（check）

check-ok = 检查通过：{ $config } 和 { $regions } 个地区的 { $files } 个数据文件均无问题
metrics-repeated-passage = { $file }：同一段文字写了两遍（第 { $first_line } 行 { $first_field }，第 { $second_line } 行 { $second_field }）：“{ $passage }”
metrics-repeated-passage-help = 简报会把它印两遍：删去或改写其中一处

## 补记台账（record）

record-recorded = 已补记：{ $dir }
record-refused = 错误：{ $dir }：未补记：{ $reason }
    　处理办法：运行 sw-briefing verify；从备份中恢复该文件包或台账
record-nothing = 无需补记：{ $archive } 中每个文件包都已记入台账

## 核验（verify）

verify-error-head = 错误：--head “{ $given }”不是台账头
    　处理办法：按 verify 输出的样子填写：sha256: 加 64 位十六进制数字
verify-not-recorded = 提示：本次核验未能记入台账：{ $reason }
verify-ok = 核验通过：{ $packages } 个文件包，{ $lines } 行台账；台账头 { $head }
verify-failed = 核验未通过：{ $archive } 中有 { $problems } 个问题；{ $packages } 个文件包，{ $lines } 行台账；台账头 { $head }

## 期间、问题汇总、时钟

period-parse-error = “{ $text }”不是期间；应为年（2023）、季度（2023-Q4）或月（2023-11）
problems-found = 共发现 { $count } 个问题
clock-epoch-not-a-time = SOURCE_DATE_EPOCH=“{ $text }”不是以秒计的 Unix 时间
    　处理办法：设为自 1970-01-01 UTC 起的秒数（如 date +%s），或删除该变量以使用系统时钟
clock-epoch-out-of-range = SOURCE_DATE_EPOCH=“{ $text }”{ $why }
    　处理办法：设为这些年份内的时间（如 date +%s），或删除该变量以使用系统时钟
clock-system-out-of-range = 系统时钟{ $why }
    　处理办法：校正系统时间（timedatectl，或开启 NTP 时间同步）后重新运行；本次什么也没有生成
clock-out-of-range = 读数为 { $time }，不在 sw-briefing 接受的 { $earliest }—{ $latest } 年之间

## 配置：后备字体

config-font-fallback-role = “fonts.fallbacks”：“{ $role }”不是字体用途
config-font-fallback-role-hint = 后备字体按用途写在 title（标题）、body（正文）、heading（黑体标题）或 kai（楷体标题）下，每种只写一次；也可以只写一个列表，所有用途共用
config-font-fallback-role-twice = “fonts.fallbacks”：用途“{ $role }”写了两次
